"""eventcoder_dates: date expressions resolved against the publication date; each event's date."""
