"""The MkDocs side of cpd-portfolio: what turns a checked portfolio into site pages."""
