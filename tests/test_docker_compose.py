"""Static checks of the production stack: docker-compose.yml, Dockerfile and .env.example.

No Docker engine is needed: the files are parsed and checked the way `docker compose` would read them
(YAML anchors and merge keys resolved, ``${VAR}`` interpolation, ``$$`` escapes).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
REQUIREMENTS = ROOT / "requirements.txt"
PYPROJECT = ROOT / "pyproject.toml"

DATA_DIR_VAR = "CCHC_DATA_DIR"

# Role -> (service name, the Airflow command it must run or None).
REQUIRED_SERVICES = {
    "api-server": ("airflow-apiserver", "airflow api-server"),
    "scheduler": ("airflow-scheduler", "airflow scheduler"),
    "dag-processor": ("airflow-dag-processor", "airflow dag-processor"),
    "triggerer": ("airflow-triggerer", "airflow triggerer"),
    "worker": ("airflow-worker", "airflow celery worker"),
    "init": ("airflow-init", None),
    "metadata db": ("airflow-db", None),
    "warehouse db": ("warehouse", None),
    "redis": ("redis", None),
    "warehouse migration": ("warehouse-migrate", None),
}

# `$$` (escape), `${NAME}`, `${NAME<op>arg}` with op one of :- - :? ? :+ +, and bare `$NAME`.
_TOKEN = re.compile(
    r"\$\$"
    r"|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)


# ----------------------------------------------------------------------------------------- helpers


def variables(text: str) -> list[tuple[str, str | None, str | None]]:
    """(name, operator, argument) of every interpolation in ``text``; ``$$`` escapes are skipped."""
    found = []
    for m in _TOKEN.finditer(text):
        if m.group(0) == "$$":
            continue
        name = m.group("braced") or m.group("bare")
        found.append((name, m.group("op"), m.group("arg")))
    return found


def interpolate(text: str, env: dict[str, str]) -> str:
    """Resolve like compose: defaults for ``-``/``:-``, otherwise the .env.example value."""

    def repl(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group("braced") or m.group("bare")
        op, arg = m.group("op"), m.group("arg")
        value = env.get(name)
        if op in (":-", "-"):
            if value is None or (op == ":-" and value == ""):
                return arg
        return value if value is not None else ""

    return _TOKEN.sub(repl, text)


def image_tag(image: str) -> str | None:
    """The tag (or digest) of an image reference, None when it has neither."""
    if "@" in image:
        return image.split("@", 1)[1]
    last = image.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def strings(node):
    """Every string (keys included) in a parsed YAML document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str):
                yield key
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


def command_text(service: dict) -> str:
    cmd = service.get("command")
    if cmd is None:
        return ""
    return " ".join(cmd) if isinstance(cmd, list) else str(cmd)


def depends_on(service: dict) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def parse_env_example() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Values of .env.example and the comment lines directly above each variable."""
    values: dict[str, str] = {}
    comments: dict[str, list[str]] = {}
    pending: list[str] = []
    for raw in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            pending = []
        elif line.startswith("#"):
            text = line.lstrip("#").strip()
            if text and not set(text) <= set("-"):
                pending.append(text)
        else:
            m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", line)
            assert m, f".env.example: not NAME=value: {raw!r}"
            assert m.group(1) not in values, f".env.example defines {m.group(1)} twice"
            values[m.group(1)] = m.group(2)
            comments[m.group(1)] = pending
            pending = []
    return values, comments


# ----------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def compose() -> dict:
    assert COMPOSE_FILE.is_file(), "docker-compose.yml is missing"
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict[str, dict]:
    return compose["services"]


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    assert ENV_EXAMPLE.is_file(), ".env.example is missing"
    return parse_env_example()[0]


@pytest.fixture(scope="module")
def used_variables(compose) -> dict[str, set[tuple[str | None, str | None]]]:
    used: dict[str, set] = {}
    for text in strings(compose):
        for name, op, arg in variables(text):
            used.setdefault(name, set()).add((op, arg))
    return used


def airflow_services(services) -> dict[str, dict]:
    """Services that run the project's Airflow image."""
    api_image = services["airflow-apiserver"]["image"]
    return {name: svc for name, svc in services.items() if svc.get("image") == api_image}


# ----------------------------------------------------------------------------------------- helpers' own tests


def test_variable_parser_handles_escapes_and_operators():
    text = "$${HOSTNAME} $$(id -u) ${A} ${B:-x} ${C:?set C} $D ${E-} ${F:+y}"
    assert variables(text) == [
        ("A", None, None),
        ("B", ":-", "x"),
        ("C", ":?", "set C"),
        ("D", None, None),
        ("E", "-", ""),
        ("F", ":+", "y"),
    ]
    assert interpolate("${B:-./var}/x $${H} ${A}", {"A": "a"}) == "./var/x ${H} a"
    assert interpolate("${B:-./var}", {"B": "/srv/cchc"}) == "/srv/cchc"


@pytest.mark.parametrize(
    "image, tag",
    [
        ("postgres", None),
        ("postgres:latest", "latest"),
        ("localhost:5000/cchc", None),
        ("localhost:5000/cchc:1.2", "1.2"),
        ("redis:7.2-bookworm", "7.2-bookworm"),
    ],
)
def test_image_tag_parser(image, tag):
    assert image_tag(image) == tag


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, as docker compose does (PyYAML keeps the last one)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def test_compose_file_has_no_duplicate_keys():
    yaml.load(COMPOSE_FILE.read_text(encoding="utf-8"), Loader=_StrictLoader)


def test_strict_loader_rejects_duplicates():
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("a: 1\nb: 2\na: 3\n", Loader=_StrictLoader)
    assert yaml.load("x: &x {a: 1}\ny:\n  <<: *x\n  b: 2\n", Loader=_StrictLoader)["y"] == {"a": 1, "b": 2}


# ----------------------------------------------------------------------------------------- services


def test_required_services_exist(services):
    missing = {role: name for role, (name, _) in REQUIRED_SERVICES.items() if name not in services}
    assert not missing, f"missing services: {missing}"


@pytest.mark.parametrize("role", [r for r, (_, cmd) in REQUIRED_SERVICES.items() if cmd])
def test_airflow_components_run_their_airflow_3_command(services, role):
    name, expected = REQUIRED_SERVICES[role]
    assert command_text(services[name]).split()[: len(expected.split())] == expected.split()


def test_no_airflow_2_webserver(services):
    for name, svc in services.items():
        assert "webserver" not in command_text(svc), f"{name}: Airflow 3 has `api-server`, not `webserver`"
        env = svc.get("environment") or {}
        assert not any(k.startswith("AIRFLOW__WEBSERVER__") for k in env), f"{name}: [webserver] settings"


def test_airflow_3_settings(services):
    api = "airflow-apiserver"
    for name, svc in airflow_services(services).items():
        env = svc["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        execution_api = urlsplit(env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"])
        assert execution_api.hostname == api and execution_api.port == 8080, name
        assert execution_api.path == "/execution/", name
        assert urlsplit(env["AIRFLOW__CELERY__BROKER_URL"]).hostname == "redis", name
        for key in ("AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__API__SECRET_KEY", "AIRFLOW__CORE__FERNET_KEY"):
            assert env.get(key), f"{name}: {key} must be set (shared by every component)"
    # every component signs and checks tokens with the same secrets
    for key in ("AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__API__SECRET_KEY", "AIRFLOW__CORE__FERNET_KEY"):
        assert len({svc["environment"][key] for svc in airflow_services(services).values()}) == 1, key
    api_ports = services[api].get("ports") or []
    assert any(str(p).endswith(":8080") for p in api_ports), "api-server must publish container port 8080"


def test_images_have_explicit_tags(services, env):
    for name, svc in services.items():
        assert "image" in svc, f"{name}: give every service an explicit image (with tag), also built ones"
        image = interpolate(svc["image"], env)
        tag = image_tag(image)
        assert tag, f"{name}: image {image!r} has no tag"
        assert tag != "latest", f"{name}: image {image!r} uses 'latest'"


def test_build_contexts_and_dockerfiles_exist(services):
    built = [(name, svc["build"]) for name, svc in services.items() if "build" in svc]
    assert built, "the Airflow services must build the project image"
    for name, build in built:
        context = build if isinstance(build, str) else build.get("context", ".")
        dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        context_dir = (COMPOSE_FILE.parent / context).resolve()
        assert context_dir.is_dir(), f"{name}: build context {context} does not exist"
        assert (context_dir / dockerfile).is_file(), f"{name}: {dockerfile} not found in {context}"


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile_copies_existing_paths():
    copies = [rest for word, rest in _dockerfile_instructions() if word in ("COPY", "ADD")]
    assert copies
    for rest in copies:
        parts = [p for p in rest.split() if not p.startswith("--")]
        for source in parts[:-1]:
            assert (ROOT / source).exists(), f"Dockerfile copies {source}, which is not in the repository"


def test_dockerfile_airflow_version_matches_requirements():
    froms = [rest for word, rest in _dockerfile_instructions() if word == "FROM"]
    assert froms, "Dockerfile has no FROM"
    m = re.fullmatch(r"apache/airflow:(?P<airflow>[0-9][^-\s]*)-python(?P<python>[0-9.]+)(\s+AS\s+\S+)?", froms[0], re.I)
    assert m, f"Dockerfile must start FROM apache/airflow:<version>-python<version>, not {froms[0]!r}"
    pin = re.search(r"^apache-airflow==(\S+)\s*$", REQUIREMENTS.read_text(encoding="utf-8"), re.M)
    assert pin, "requirements.txt does not pin apache-airflow=="
    assert m.group("airflow") == pin.group(1), "Dockerfile FROM and requirements.txt pin different Airflow versions"
    requires = re.search(r'requires-python\s*=\s*">=\s*([0-9.]+)', PYPROJECT.read_text(encoding="utf-8"))
    assert requires and m.group("python") == requires.group(1), "image Python differs from requires-python"


# ----------------------------------------------------------------------------------------- volumes


def _volume_sources(svc: dict, env: dict[str, str]) -> list[tuple[str, str, str]]:
    """(raw source, resolved source, target) of every volume of a service."""
    out = []
    for vol in svc.get("volumes") or []:
        if isinstance(vol, dict):
            raw, target = str(vol.get("source", "")), str(vol.get("target", ""))
            out.append((raw, interpolate(raw, env), target))
        else:
            resolved = interpolate(vol, env)
            source, _, rest = resolved.partition(":")
            raw_source = vol[: len(vol) - len(rest) - 1] if rest else vol
            out.append((raw_source, source, rest.split(":")[0]))
    return out


def _is_bind(source: str) -> bool:
    return source.startswith((".", "/", "~"))


def test_bind_mounts_exist_or_live_in_the_data_dir(compose, services, env):
    data_dir = (ROOT / interpolate(f"${{{DATA_DIR_VAR}:-./var}}", env)).resolve()
    named = set((compose.get("volumes") or {}).keys())
    for name, svc in services.items():
        for raw, source, target in _volume_sources(svc, env):
            assert source, f"{name}: volume {raw!r} resolves to an empty source"
            if not _is_bind(source):
                assert source in named, f"{name}: named volume {source!r} is not declared under volumes:"
                continue
            host = (ROOT / source).resolve()
            if raw.startswith("${" + DATA_DIR_VAR) or host == data_dir or data_dir in host.parents:
                continue
            assert host.exists(), f"{name}: bind mount {raw} -> {target}: {source} does not exist in the repo"


def test_project_directories_are_mounted(services, env):
    for name, svc in airflow_services(services).items():
        mounts = {target: source for _, source, target in _volume_sources(svc, env)}
        assert mounts.get("/opt/airflow/dags") == "./dags", f"{name}: ./dags not mounted as the DAGs folder"
        assert "./config" in mounts.values(), f"{name}: ./config not mounted"
        home = svc["environment"]["CCHC_HOME"]
        assert home in mounts, f"{name}: CCHC_HOME {home} is not a mount"
        assert any(
            raw.startswith("${" + DATA_DIR_VAR) for raw, _, target in _volume_sources(svc, env) if target == home
        ), f"{name}: CCHC_HOME must be the ${DATA_DIR_VAR} directory"


def test_warehouse_and_metadata_db_are_separate(compose, services, env):
    meta, wh = services["airflow-db"], services["warehouse"]
    meta_vols = {s for _, s, _ in _volume_sources(meta, env)}
    wh_vols = {s for _, s, _ in _volume_sources(wh, env)}
    assert meta_vols and wh_vols, "both databases need a persistent volume"
    assert not meta_vols & wh_vols, "the warehouse and the metadata DB share a volume"
    assert all(not _is_bind(v) for v in meta_vols | wh_vols), "database data belongs in named volumes"
    for svc in (meta, wh):
        assert "healthcheck" in svc
    for name, svc in airflow_services(services).items():
        e = svc["environment"]
        assert urlsplit(interpolate(e["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"], env)).hostname == "airflow-db"
        for key in ("WAREHOUSE_URL", "AIRFLOW_CONN_CCHC_WAREHOUSE"):
            url = urlsplit(interpolate(e[key], env))
            assert url.scheme in ("postgresql", "postgres") and url.hostname == "warehouse", f"{name}: {key}"
            assert url.path.lstrip("/") == interpolate(wh["environment"]["POSTGRES_DB"], env), f"{name}: {key}"
            assert url.username == interpolate(wh["environment"]["POSTGRES_USER"], env), f"{name}: {key}"


def test_warehouse_migration_runs_before_the_pipeline(services):
    migrate = services["warehouse-migrate"]
    assert "cchc db upgrade" in command_text(migrate)
    assert depends_on(migrate).get("warehouse") == "service_healthy"
    for name in ("airflow-scheduler", "airflow-worker"):
        assert depends_on(services[name]).get("warehouse-migrate") == "service_completed_successfully", name


# ----------------------------------------------------------------------------------------- dependencies


def test_depends_on_names_existing_services(services):
    valid = {"service_started", "service_healthy", "service_completed_successfully"}
    for name, svc in services.items():
        for dep, condition in depends_on(svc).items():
            assert dep in services, f"{name} depends on unknown service {dep!r}"
            assert dep != name, f"{name} depends on itself"
            assert condition in valid, f"{name} -> {dep}: unknown condition {condition!r}"
            if condition == "service_healthy":
                assert "healthcheck" in services[dep], f"{name} waits for {dep} to be healthy; it has no healthcheck"


def test_no_dependency_cycles(services):
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        assert state.get(name) != 1, f"dependency cycle: {' -> '.join(path + [name])}"
        state[name] = 1
        for dep in depends_on(services[name]):
            if dep in services:  # unknown names: test_depends_on_names_existing_services
                visit(dep, path + [name])
        state[name] = 2

    for name in services:
        visit(name, [])


def test_long_running_services_have_healthchecks(services):
    for name, svc in services.items():
        one_shot = str(svc.get("restart", "no")) == "no" or svc.get("profiles")
        if not one_shot:
            assert "healthcheck" in svc, f"{name} has no healthcheck"


def test_init_services_are_waited_for(services):
    for name in ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer", "airflow-worker"):
        deps = depends_on(services[name])
        assert deps.get("airflow-init") == "service_completed_successfully", name
        assert deps.get("airflow-db") == "service_healthy", name
        assert deps.get("redis") == "service_healthy", name


# ----------------------------------------------------------------------------------------- variables


def test_every_variable_has_a_default_or_is_in_env_example(used_variables, env):
    undefined = sorted(
        name
        for name, uses in used_variables.items()
        if name not in env and not all(op in (":-", "-") for op, _ in uses)
    )
    assert not undefined, f"used in docker-compose.yml but neither defaulted nor in .env.example: {undefined}"


def test_env_example_lists_only_used_variables_each_documented(used_variables):
    values, comments = parse_env_example()
    unused = sorted(set(values) - set(used_variables))
    assert not unused, f".env.example has variables docker-compose.yml does not use: {unused}"
    undocumented = sorted(name for name in values if not comments[name])
    assert not undocumented, f".env.example variables without a comment: {undocumented}"


def test_no_secrets_committed(compose, used_variables, env):
    secret = re.compile(r"PASSWORD|SECRET|FERNET|_KEY$|SMTP_(CONN_)?URL")
    for name, value in env.items():
        if secret.search(name):
            assert value == "", f".env.example must not hold a value for the secret {name}"
    # secrets come from variables without defaults, never literals in the compose file
    for name, uses in used_variables.items():
        if secret.search(name):
            assert all(op in (":?", "?", None) for op, _ in uses), f"{name} must not have a default"
    for svc_name, svc in compose["services"].items():
        for key, value in (svc.get("environment") or {}).items():
            value = "" if value is None else str(value)
            if re.search(r"PASSWORD|SECRET|FERNET_KEY", key) and not key.endswith("_FILE") and value:
                assert variables(value), f"{svc_name}: {key} is a literal; take it from .env"
            for password in re.findall(r"://[^:/@\s]*:([^@\s]*)@", value):
                assert not password or variables(password), f"{svc_name}: {key} has a literal password"


# ----------------------------------------------------------------------------------------- UI, logins, settings


def _published(svc: dict, env: dict[str, str]) -> list[tuple[str, str, str]]:
    """(host address, host port, container port) of every published port, interpolated."""
    out = []
    for port in svc.get("ports") or []:
        host_ip, host_port, container = interpolate(str(port), env).rsplit(":", 2)
        out.append((host_ip, host_port, container))
    return out


def test_the_ui_is_published_on_this_server_only(services, env):
    """Plain HTTP carries the login passwords: the UI port answers on 127.0.0.1, with .env.example as with no
    .env at all; other machines come in through the TLS proxy."""
    api = services["airflow-apiserver"]
    for values in (env, {}):
        assert [ip for ip, _, _ in _published(api, values)] == ["127.0.0.1"]
    assert "--proxy-headers" in command_text(api)  # https and client addresses as the proxy saw them
    assert api["environment"]["FORWARDED_ALLOW_IPS"]


def test_the_warehouse_is_published_on_this_server_only(services, env):
    """docs/warehouse.md, "Connecting a BI tool": the warehouse's PostgreSQL answers on 127.0.0.1:5433 of the
    server (a BI tool there, or an SSH tunnel), with .env.example as with no .env at all; no other service
    publishes it, and other containers reach it as warehouse:5432 on the compose network."""
    for values in (env, {}):
        assert _published(services["warehouse"], values) == [("127.0.0.1", "5433", "5432")]
    for name, svc in services.items():
        if name != "warehouse":
            assert all(container != "5432" for _, _, container in _published(svc, env)), name
    assert "expose" not in services["warehouse"] and "network_mode" not in services["warehouse"]


def test_a_tls_proxy_is_shipped_in_front_of_the_ui(services, env):
    proxy = services["https-proxy"]
    assert proxy.get("profiles") == ["tls"]  # `docker compose --profile tls up -d`
    assert re.fullmatch(r"caddy:2\.\d+-alpine", proxy["image"])
    assert [(port, container) for _, port, container in _published(proxy, env)] == [("443", "443")]
    assert depends_on(proxy) == {"airflow-apiserver": "service_healthy"}
    mounts = {target: source for _, source, target in _volume_sources(proxy, env)}
    caddyfile = (ROOT / mounts["/etc/caddy/Caddyfile"]).read_text(encoding="utf-8")
    site = [line.strip() for line in caddyfile.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert site[0] == "{$AIRFLOW_UI_HOSTNAME} {" and "tls {$CADDY_TLS}" in site
    assert "reverse_proxy airflow-apiserver:8080" in site
    assert set(proxy["environment"]) == {"AIRFLOW_UI_HOSTNAME", "CADDY_TLS"}
    base_url = interpolate(services["airflow-apiserver"]["environment"]["AIRFLOW__API__BASE_URL"], env)
    assert urlsplit(base_url).scheme in ("http", "https")


def test_logins_use_the_fab_auth_manager(services, env):
    """Users and roles in the metadata DB (Admin, Op, User, Viewer), passwords hashed, changeable in the UI: the
    FAB provider's auth manager, installed by the Dockerfile; the administrator is created by airflow-init."""
    for name, svc in airflow_services(services).items():
        e = svc["environment"]
        assert e["AIRFLOW__CORE__AUTH_MANAGER"] == "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager"
        assert not [key for key in e if "SIMPLE_AUTH_MANAGER" in key], name
    installs = " ".join(rest for word, rest in _dockerfile_instructions() if word == "RUN")
    assert re.search(r'"apache-airflow-providers-fab==[0-9.]+"', installs)
    init = command_text(services["airflow-init"])
    assert init.index("airflow db migrate") < init.index("airflow users create --role Admin")  # FAB tables first
    for option in ("--username", "--password", "--email"):
        assert option in init


# Settings a service reads that are neither Airflow options nor etl.config variables, and who reads them.
OTHER_READERS = {
    "CONNECTION_CHECK_MAX_COUNT": "the Airflow image's entrypoint",
    "DUMB_INIT_SETSID": "the Airflow image's dumb-init",
    "FORWARDED_ALLOW_IPS": "uvicorn (api-server --proxy-headers)",
    "AIRFLOW_ADMIN_USERNAME": "airflow-init's command", "AIRFLOW_ADMIN_PASSWORD": "airflow-init's command",
    "AIRFLOW_ADMIN_EMAIL": "airflow-init's command",
}
PROVIDER_SECTIONS = {"celery"}  # in the image (apache/airflow), not in the development environment


def test_every_setting_of_the_stack_is_read_by_something(services):
    """No dead settings (such as an SMTP variable nothing reads): AIRFLOW__SECTION__KEY is an option Airflow knows,
    CCHC_* and WAREHOUSE_URL are read by etl/config.py, AIRFLOW_CONN_* are Airflow connections."""
    from airflow.configuration import retrieve_configuration_description

    from etl.config import VARIABLES

    options = retrieve_configuration_description(include_providers=True)
    for name, svc in airflow_services(services).items():
        for key in svc["environment"]:
            if key.startswith("AIRFLOW__"):
                section, option = key[len("AIRFLOW__"):].lower().split("__", 1)
                assert section in PROVIDER_SECTIONS or option in options[section]["options"], f"{name}: {key}"
            elif key.startswith("CCHC_") or key == "WAREHOUSE_URL":
                assert key in VARIABLES, f"{name}: {key} is not read by etl/config.py"
            else:
                assert key.startswith("AIRFLOW_CONN_") or key in OTHER_READERS, f"{name}: who reads {key}?"
