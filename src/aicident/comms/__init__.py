"""Communications: obligations from the matrix and the regulatory clocks, drafts, approvals, sending."""
