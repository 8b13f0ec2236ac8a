"""What every HTTP endpoint shares: errors as problem+json, sign-in, preconditions and idempotency."""
