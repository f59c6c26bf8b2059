"""Generated pages: each function returns the Markdown of one page, from the core\x27s analysis."""
