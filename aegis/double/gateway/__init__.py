"""The gateway websocket: sessions, heartbeats, resumes, compression, dispatch."""
