#!/usr/bin/env python3
"""What Airflow would run, read from the binance-lake DAG files without Airflow, printed as JSON.

usage: check_dags.py DAGS_DIR SAMPLES_JSON

SAMPLES_JSON holds the sample configuration to render templates with:
  {"variables": {name: value}, "connections": {conn_id: {host, port, login, password, schema}},
   "params": {dag_id: [{param: value}, ...]}}   (each DAG is rendered once per params set; none: its defaults)

Each DAG file is parsed with `ast`; command lines come from binance_lake_cli (plain Python, imported), called with
the literal arguments the DAG file passes, and templates are rendered with the samples. Only the idioms the DAG
files use are understood: `with DAG(...)`, cli_task, per_symbol_cli_task, AthenaOperator, `>>` chains, module
constants. Anything else is an error, so a DAG written another way fails its test instead of going unchecked.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import sys
from pathlib import Path


class CheckError(Exception):
    pass


class Opaque(str):
    """A value the checker does not evaluate (a datetime); shown as its source text."""


# --- templates -------------------------------------------------------------------------------------------------------

TEMPLATE = re.compile(r"\{\{(.*?)\}\}", re.S)


class Context:
    """Airflow's template context, as far as the DAGs use it: var.value, conn, params. Records what was read."""

    def __init__(self, samples: dict, params: dict):
        self.variables = samples.get("variables", {})
        self.connections = samples.get("connections", {})
        self.params = params
        self.used_variables: set[str] = set()
        self.used_connections: set[str] = set()

    def variable(self, name: str, default=None, required=True):
        self.used_variables.add(name)
        if name in self.variables:
            return self.variables[name]
        if required:
            raise CheckError(f"Variable {name} is not set in the samples (Airflow would fail the task)")
        return default

    def lookup(self, node: ast.AST):
        """var.value.NAME, var.value.get('NAME', 'default'), conn.ID.FIELD, params.NAME."""
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr == "get" and self._path(func.value) == ["var", "value"]
                    and len(node.args) == 2 and all(isinstance(a, ast.Constant) for a in node.args) and not node.keywords):
                return self.variable(node.args[0].value, node.args[1].value, required=False)
            raise CheckError(f"unsupported call in a template: {ast.unparse(node)}")
        path = self._path(node)
        if path[:2] == ["var", "value"] and len(path) == 3:
            return self.variable(path[2])
        if path[0] == "conn" and len(path) == 3:
            self.used_connections.add(path[1])
            if path[1] not in self.connections:
                raise CheckError(f"Connection {path[1]} is not in the samples")
            return self.connections[path[1]].get(path[2])
        if path[0] == "params" and len(path) == 2:
            if path[1] not in self.params:
                raise CheckError(f"params.{path[1]} is not a param of the DAG")
            return self.params[path[1]]
        raise CheckError(f"unsupported name in a template: {'.'.join(path)}")

    @staticmethod
    def _path(node: ast.AST) -> list[str]:
        parts = []
        while isinstance(node, ast.Attribute):
            parts.insert(0, node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            raise CheckError(f"unsupported expression in a template: {ast.unparse(node)}")
        return [node.id, *parts]

    def evaluate(self, node: ast.AST):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            value = None
            for operand in node.values:
                value = self.evaluate(operand)
                if value:
                    return value
            return value
        return self.lookup(node)

    def render(self, text: str) -> str:
        if "{%" in text or "{#" in text:
            raise CheckError(f"Jinja statements are not supported: {text}")

        def one(match: re.Match) -> str:
            value = self.evaluate(ast.parse(match.group(1).strip(), mode="eval").body)
            return "None" if value is None else str(value)  # as Jinja prints it

        return TEMPLATE.sub(one, text)


# --- Python constants ------------------------------------------------------------------------------------------------


def evaluate(node: ast.AST, scope: dict):
    """A constant expression of a DAG or helper file: literals, names in scope, cli.X, Asset(..), Param(..)."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [evaluate(e, scope) for e in node.elts]
    if isinstance(node, ast.Dict):
        return {evaluate(k, scope): evaluate(v, scope) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.Name):
        if node.id not in scope:
            raise CheckError(f"unknown name {node.id}")
        return scope[node.id]
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "cli":
        return getattr(scope["cli"], node.attr)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [evaluate(a, scope) for a in node.args]
        kwargs = {k.arg: evaluate(k.value, scope) for k in node.keywords}
        if node.func.id == "Asset" and len(args) == 1:
            return {"asset": args[0]}
        if node.func.id == "Param" and len(args) == 1:
            return {"default": args[0], **kwargs}
        if node.func.id == "timedelta":
            return {"timedelta": kwargs}
    raise CheckError(f"cannot evaluate {ast.unparse(node)}")


def module_scope(path: Path, cli) -> dict:
    """The constants of binance_lake_common (what DAG files import from it)."""
    scope = {"cli": cli}
    for statement in ast.parse(path.read_text()).body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            try:
                scope[statement.targets[0].id] = evaluate(statement.value, scope)
            except CheckError:
                scope[statement.targets[0].id] = Opaque(ast.unparse(statement.value))
    return scope


# --- DAG files -------------------------------------------------------------------------------------------------------

TASK_FACTORIES = {"cli_task", "per_symbol_cli_task", "AthenaOperator"}


class DagReader:
    def __init__(self, path: Path, cli, common: dict, samples: dict):
        self.path, self.cli, self.samples = path, cli, samples
        self.scope = {"cli": cli}
        self.common = common
        self.tasks: list[dict] = []
        self.variables: dict[str, list[str]] = {}  # Python variable -> the task ids it stands for
        self.edges: list[list[str]] = []
        self.dag: dict | None = None

    def read(self) -> dict:
        module = ast.parse(self.path.read_text())
        self.scope["__doc__"] = ast.get_docstring(module)
        for statement in module.body:
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                continue  # the docstring
            if isinstance(statement, ast.ImportFrom):
                for alias in statement.names:
                    if statement.module == "binance_lake_common" and alias.name in self.common:
                        self.scope[alias.asname or alias.name] = self.common[alias.name]
                continue
            if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
                self.scope[statement.targets[0].id] = evaluate(statement.value, self.scope)
                continue
            if isinstance(statement, ast.With):
                self.read_with(statement)
                continue
            raise CheckError(f"{self.path.name}:{statement.lineno}: unsupported statement {ast.unparse(statement)[:80]}")
        if self.dag is None:
            raise CheckError(f"{self.path.name}: no `with DAG(...)`")
        self.dag["tasks"] = self.tasks
        self.dag["edges"] = self.edges
        self.dag["runs"] = [self.run(params) for params in self.param_sets()]
        return self.dag

    def read_with(self, statement: ast.With) -> None:
        call = statement.items[0].context_expr
        if self.dag is not None or not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "DAG"):
            raise CheckError(f"{self.path.name}:{statement.lineno}: expected one `with DAG(...)`")
        settings = {}
        for keyword in call.keywords:
            value = evaluate(keyword.value, self.scope)
            settings.update(value if keyword.arg is None else {keyword.arg: value})  # DAG(**DAG_SETTINGS, ...)
        self.dag = {
            "file": self.path.name,
            "dag_id": settings["dag_id"],
            "schedule": settings.get("schedule", "MISSING"),
            "catchup": settings.get("catchup"),
            "max_active_runs": settings.get("max_active_runs"),
            "params": {name: param["default"] for name, param in settings.get("params", {}).items()},
        }
        self.default_args = settings.get("default_args", {})
        for inner in statement.body:
            if isinstance(inner, ast.Assign) and isinstance(inner.targets[0], ast.Name) and self.is_task(inner.value):
                self.variables[inner.targets[0].id] = self.add_task(inner.value)
            elif isinstance(inner, ast.Expr) and self.is_task(inner.value):
                self.add_task(inner.value)
            elif isinstance(inner, ast.Expr) and isinstance(inner.value, ast.BinOp):
                self.chain(inner.value)
            else:
                raise CheckError(f"{self.path.name}:{inner.lineno}: unsupported statement {ast.unparse(inner)[:80]}")

    @staticmethod
    def is_task(node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in TASK_FACTORIES

    def add_task(self, call: ast.Call) -> list[str]:
        kind = call.func.id
        keywords = {k.arg: evaluate(k.value, self.scope) for k in call.keywords}
        # per_symbol_cli_task's builder (argument 1) is a function of binance_lake_cli, named, not evaluated.
        positional = [a if kind == "per_symbol_cli_task" and i == 1 else evaluate(a, self.scope) for i, a in enumerate(call.args)]
        task_id = keywords.pop("task_id") if kind == "AthenaOperator" else positional[0]
        task = {
            "task_id": task_id,
            "operator": {"cli_task": "bash", "per_symbol_cli_task": "bash_mapped", "AthenaOperator": "athena"}[kind],
            "trigger_rule": keywords.pop("trigger_rule", "all_success"),
            "retries": keywords.pop("retries", self.default_args.get("retries", 0)),
            "outlets": [o["asset"] for o in keywords.pop("outlets", [])],
        }
        if kind == "cli_task":
            task["args"] = positional[1:]
            task["env"] = self.cli.environment(**(keywords.pop("env", None) or {}))
            task["single_line"] = keywords.pop("single_line", False)
        elif kind == "per_symbol_cli_task":
            build = call.args[1]
            if not (isinstance(build, ast.Attribute) and isinstance(build.value, ast.Name) and build.value.id == "cli"):
                raise CheckError(f"{self.path.name}: per_symbol_cli_task's builder must be cli.<function>")
            task["build"] = build.attr
            task["inputs"] = positional[2]
            task["env"] = self.cli.environment()
            commands_id = f"{task_id}_commands"
            self.tasks.append({"task_id": commands_id, "operator": "python", "trigger_rule": "all_success",
                               "retries": self.default_args.get("retries", 0), "outlets": []})
            self.edges.append([commands_id, task_id])
        else:
            task["templates"] = keywords
            keywords = {}
        if keywords:
            raise CheckError(f"{self.path.name}: {task_id}: unexpected arguments {sorted(keywords)}")
        if any(t["task_id"] == task_id for t in self.tasks):
            raise CheckError(f"{self.path.name}: task id {task_id} twice")
        self.tasks.append(task)
        return [task_id]

    def chain(self, node: ast.AST) -> list[str]:
        """a >> b >> [c, d]: edges a->b, b->c, b->d; returns the right-most tasks."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
            upstream, downstream = self.chain(node.left), self.chain(node.right)
            self.edges.extend([u, d] for u in upstream for d in downstream)
            return downstream
        if isinstance(node, ast.Name) and node.id in self.variables:
            return self.variables[node.id]
        if isinstance(node, ast.List):
            return [t for element in node.elts for t in self.chain(element)]
        raise CheckError(f"{self.path.name}: unsupported dependency expression {ast.unparse(node)}")

    def param_sets(self) -> list[dict]:
        samples = self.samples.get("params", {}).get(self.dag["dag_id"]) or [{}]
        return [{**self.dag["params"], **sample} for sample in samples]

    def run(self, params: dict) -> dict:
        """Every command the DAG runs with these params, rendered as the worker would run it."""
        context = Context(self.samples, params)
        commands = []
        for task in self.tasks:
            if task["operator"] == "bash":
                argv = [context.render(a) for a in task["args"]]
                lines = [(argv, context.render(self.cli.command(*task["args"], single_line=task["single_line"])))]
            elif task["operator"] == "bash_mapped":
                # As Airflow runs it: the builder task's arguments are rendered, the lines it returns (mapped values
                # from XCom) are not, so a template left in them would reach bash as is.
                values = {name: context.render(template) for name, template in task["inputs"].items()}
                program = context.render(self.cli.CLI)
                lines = [(argv, self.cli.command(*argv, program=program)) for argv in getattr(self.cli, task["build"])(values)]
                if any("{{" in bash for _, bash in lines):
                    raise CheckError(f"{task['task_id']}: a mapped command line holds a template Airflow will not render")
            else:
                continue
            env = {name: context.render(value) for name, value in task["env"].items()}
            for argv, bash in lines:
                commands.append({"task_id": task["task_id"], "argv": argv, "bash": bash, "env": env})
        for task in self.tasks:
            if task["operator"] == "athena":
                for template in task["templates"].values():
                    if "ti." not in template:  # XCom exists only at run time
                        context.render(template)
        return {"params": params, "commands": commands,
                "variables": sorted(context.used_variables), "connections": sorted(context.used_connections)}


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 1
    dags_dir, samples = Path(argv[1]), json.loads(Path(argv[2]).read_text())
    sys.dont_write_bytecode = True
    sys.path.insert(0, str(dags_dir))
    cli = importlib.import_module("binance_lake_cli")
    common = module_scope(dags_dir / "binance_lake_common.py", cli)
    helpers = set((dags_dir / ".airflowignore").read_text().split())
    try:
        dags = [DagReader(path, cli, common, samples).read() for path in sorted(dags_dir.glob("*.py")) if path.name not in helpers]
    except CheckError as e:
        print(f"check_dags: {e}", file=sys.stderr)
        return 2
    print(json.dumps({"variables": cli.VARIABLES, "connection": cli.SERVING_CONNECTION, "dags": dags}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
