"""The command line in Chinese: help, errors, import refusals, tables, counts; English unchanged."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from catalogue_support import cli_messages
from click.testing import CliRunner, Result

from tracker.cli import cli
from tracker.counting import ago, counted, counted_rows_of
from tracker.i18n import DOMAIN, LOCALE_DIR, reset_language, use_language
from tracker.parse import parse_choice, parse_date, parse_money

HAN = re.compile(r"[\u4e00-\u9fff]")


def run(*args: str, db: Path | None = None, input: str | None = None) -> Result:
    argv = (["--db", str(db)] if db else []) + list(args)
    return CliRunner().invoke(cli, argv, input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("i18n") / "demo.db"
    assert run("demo", "--as-of", "2026-06-30", db=path).exit_code == 0
    return path


def test_every_help_text_is_in_the_catalogue() -> None:
    catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"])
    missing = sorted(m for m in cli_messages() if catalogue.gettext(m) == m)
    assert not missing


def test_help_in_chinese() -> None:
    result = run("--lang", "zh", "--help")
    assert result.exit_code == 0
    assert "用法：" in result.output and "选项" in result.output and "命令" in result.output
    assert "设备租赁业务的客户等级" in result.output  # the group's docstring
    assert "显示本帮助并退出。" in result.output  # Click's own option
    imported = run("--lang", "zh", "import", "--help").output
    assert "校验并报告将会有哪些变化" in imported  # an option's help
    assert "Validate and report" not in imported
    # English is English again (the help option, made once, kept its msgid).
    assert "Show this message and exit." in run("--lang", "en", "import", "--help").output


def test_a_bad_option_says_so_in_chinese() -> None:
    result = run("--lang", "zh", "board", "--bogus")
    assert result.exit_code == 2
    assert "错误：" in result.output and "--bogus" in result.output
    wrong = run("--lang", "zh", "report", "units", "--format", "xml")
    assert "的值无效" in wrong.output and "'xml'" in wrong.output


def test_an_import_refusal_in_chinese_names_the_row_and_field(tmp_path: Path) -> None:
    csv = tmp_path / "customers.csv"
    csv.write_text("code,name,segment,potential\nC1,Acme,large,3\nC2,Beta,large,9\n", encoding="utf-8")
    result = run("--lang", "zh", "import", "customers", str(csv), db=tmp_path / "r.db")
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "potential" in x)
    assert "第 3 行" in line and "potential：" in line and "9" in line
    assert "没有导入任何数据" in result.output
    reset_language()  # as a new process starts
    english = run("import", "customers", str(csv), db=tmp_path / "r.db")
    assert "line 3: potential: must be between 1 and 5, not 9" in english.output


def test_report_table_in_chinese_csv_stays_english(demo_db: Path) -> None:
    table = run("--lang", "zh", "report", "units", "--to", "2026-06-30", db=demo_db)
    assert table.exit_code == 0
    assert "设备（" in table.output and "利润" in table.output and "利用率" in table.output
    csv = run("--lang", "zh", "report", "units", "--to", "2026-06-30", "--format", "csv", db=demo_db)
    assert csv.output.splitlines()[0].startswith("code,name,category,status,days_out")
    assert not HAN.search(csv.output.splitlines()[0])
    board = run("--lang", "zh", "board", "--as-of", "2026-06-30", db=demo_db).output
    assert "等级看板" in board and "当前价值" in board


def test_the_language_setting_speaks_and_lang_overrides(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run("config", "set", "language", "zh", db=db).exit_code == 0
    assert "没有编号为 'NOPE' 的客户" in run("brief", "NOPE", db=db).output
    assert "错误：" in run("board", "--as-of", "2026-02-30", db=db).output
    assert "no customer with code 'NOPE'" in run("--lang", "en", "brief", "NOPE", db=db).output


def test_a_chinese_locale_speaks_chinese(tmp_path: Path) -> None:
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "RENTRACK_DB": str(tmp_path / "p.db")}
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    done = subprocess.run([sys.executable, "-m", "tracker.cli", "brief", "NOPE"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 1
    assert "没有这个数据库" in done.stderr


def test_counts_in_both_languages() -> None:
    assert counted(1, "row") == "1 row" and counted(1204, "rental") == "1,204 rentals"
    assert counted(3, "equipment unit") == "3 equipment units" and counted(2, "widget") == "2 widgets"
    assert counted_rows_of(2, "tier_history") == "2 tier changes" and ago(3 * 3600) == "3 hours ago"
    use_language("zh")
    assert counted(1204, "rental") == "1,204 条租赁"
    assert counted(3, "equipment unit") == "3 台设备"
    assert counted_rows_of(1, "customers") == "1 个客户"
    assert ago(120) == "2 分钟前" and ago(5) == "刚刚"
    assert counted(1204, "rental", english=True) == "1,204 rentals"


def test_parse_errors_in_chinese() -> None:
    use_language("zh")
    with pytest.raises(ValueError, match="没有这一天：2026-02-30"):
        parse_date("2026-02-30")
    with pytest.raises(ValueError, match="不是金额"):
        parse_money("abc")
    with pytest.raises(ValueError, match="'wa'：waiting 还是 warranty？"):
        parse_choice("wa", ("attitude", "waiting", "warranty"))
