"""`aegis doctor`: what is wrong with this deployment, and how to fix each thing.

local.py checks what is on this machine (configuration, file modes, the database and its migrations, Redis);
discord_checks.py what Discord says (the token, the privileged intents, each server's permissions and role
order) through discord_api.py, a few plain REST reads that need no gateway session. Each check returns
Findings; nothing here prints.
"""
