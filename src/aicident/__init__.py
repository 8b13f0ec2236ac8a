"""aicident: run an AI incident response plan as software."""
