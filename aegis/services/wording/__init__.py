"""Every sentence Aegis says on Discord, in tables a reviewer or translator can read in one place."""
