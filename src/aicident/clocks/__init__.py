"""Business calendars, deadline rules, regulatory clocks, the timer table and poller."""
