"""Plain data that every layer of Aegis shares. Imports nothing from discord, textual, click or peewee."""
