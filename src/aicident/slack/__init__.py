"""The Slack app: a channel per incident with a pinned header kept up to date, /aicident in it, messages copied into
the log, approvals as buttons. Outbound calls go through the outbox (`delivery`), inbound requests through Bolt
(`bolt`, mounted by `api`); both act through the same service functions as the API, the CLI and the web UI."""
