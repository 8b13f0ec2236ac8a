"""Post-incident reports, action items, reviews and metrics."""
