"""The response plan as data: schema, default plan, loader and validation."""
