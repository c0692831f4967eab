"""What happens in the double's world, and the payloads Discord would send about it."""
