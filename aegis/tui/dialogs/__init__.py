"""The console's modal screens: confirmations, the guild picker, help."""
