"""People, API tokens and what the plan lets each role do."""
