"""The `cpd` command line: a thin front end over cpd_portfolio.core."""
