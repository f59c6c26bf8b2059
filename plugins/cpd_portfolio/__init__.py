"""cpd-portfolio: a CPD record kept as Markdown files, checked, analysed and published with MkDocs."""

__version__ = "0.1.0"
