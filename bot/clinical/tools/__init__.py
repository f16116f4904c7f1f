"""Developer tools that regenerate files under ``bot/clinical/data`` (not used at run time)."""
