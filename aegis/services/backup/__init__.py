"""Portable, checksummed backups of everything Aegis stores: `aegis db backup | verify | restore`.

archive.py is the file format, manifest.py what an archive says about itself, encoding.py the one text
encoding of rows both backends read and write, sources.py and targets.py the database side of each backend,
writer.py / reader.py / restore.py the three operations, scheduled.py the bot's periodic backups.
"""

from aegis.services.backup.archive import BackupError, DamagedArchive

__all__ = ["BackupError", "DamagedArchive"]
