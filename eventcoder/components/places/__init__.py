"""eventcoder_places: where each event happened, from its own sentence or the dateline."""
