"""Golden portfolios for the analysis (plan versus achieved, gaps): one folder per case."""
