"""Containment: the controls of each AI feature that its application obeys, their history and distribution."""
