"""Views of the surveys app, by audience: public (answering), staff (builder), results."""
