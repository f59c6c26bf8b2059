"""The entry schema's folder, installed as the package `cpd_portfolio.schema`.

entry.schema.json here is the one copy of the schema: pyproject.toml maps this folder into the package
(`package-dir`), so that an editable install reads this very file and a wheel ships it as
cpd_portfolio/schema/entry.schema.json. The core finds it with importlib.resources (core/checking.py),
never through a link or a path computed from a module's __file__. This file only makes the folder a
package that an editable install can import; it holds no code.
"""
