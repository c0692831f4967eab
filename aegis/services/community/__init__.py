"""The community toolkit: tags, info, welcome and autoroles, self-assigned role panels."""
