"""Renders the shared behaviour fixtures with the real Jinja2, so the test suite
can check that each expected output is what Jinja2 itself produces.
Reads the fixtures (JSON) on stdin, writes [{name, output} | {name, error}] on stdout."""
import json
import sys

from jinja2 import DictLoader, Environment

fixtures = json.load(sys.stdin)
results = []
for fx in fixtures:
    if fx.get("jinja") is False:
        continue
    templates = dict(fx.get("templates", {}))
    templates.setdefault("__main__", fx.get("template", ""))
    env = Environment(
        loader=DictLoader(templates),
        autoescape=True,
        extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"],
        **fx.get("options", {}),
    )
    try:
        name = fx.get("render", "__main__")
        out = env.get_template(name).render(**fx.get("context", {}))
        results.append({"name": fx["name"], "output": out})
    except Exception as exc:  # noqa: BLE001 - reported back to the test
        results.append({"name": fx["name"], "error": f"{type(exc).__name__}: {exc}"})
json.dump(results, sys.stdout)
