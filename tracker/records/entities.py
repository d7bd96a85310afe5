"""The entities: customers, equipment, rentals, complaints and interactions, each described once.

Each record class lists its columns in canonical CSV order (SPEC 3) with
:func:`~tracker.records.entity.column`; the :class:`~tracker.records.entity.Entity`
beside it adds the key, the customer column, the summed money and the rules
across one record's fields. The aliases are the other header names a
spreadsheet may use for a column (English and Chinese), compared as
:func:`tracker.transfer.csvfile.fold_header` folds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from db.schema import (
    COMPLAINT_CATEGORIES,
    COMPLAINT_STATUSES,
    CONTACT_GRADES,
    EQUIPMENT_CATEGORIES,
    EQUIPMENT_STATUSES,
    INTERACTION_KINDS,
    PAYMENT_METHODS,
    RENTAL_STATUSES,
    SATISFACTION_RATINGS,
    SEGMENTS,
    TASK_KINDS,
    UPKEEP_KINDS,
)
from tracker.cents import cents_to_text
from tracker.i18n import N_, _, ngettext
from tracker.parse import MAX_CENTS
from tracker.records.entity import Entity, column, describe
from tracker.records.kinds import CODE, DATE, FLAG, MONEY, TAGS, TEXT, choice, number, whole
from tracker.records.validation import FieldError


@dataclass(frozen=True, kw_only=True)
class Customer:
    """A customer: a firm, a team or a person who rents (or may)."""

    code: str = column(CODE, required=True, label=N_("code"), aliases=('customer', 'customer code', 'customer id', 'id', '客户编号', '客户代码', '客户编码', '编号', '代码'))
    name: str = column(TEXT, required=True, label=N_("name"), aliases=('customer name', 'company', 'company name', '客户名称', '客户名', '名称', '公司', '公司名称', '姓名'))
    segment: str = column(choice(SEGMENTS), default="small", label=N_("segment"), aliases=('type', 'customer type', '客户类型', '类型', '分类'))
    industry: str = column(TEXT, default="", label=N_("industry"), aliases=('sector', '行业', '所属行业'))
    phone: str = column(TEXT, default="", label=N_("phone"), aliases=('telephone', 'tel', 'mobile', 'phone number', '电话', '手机', '手机号', '联系电话', '电话号码'))
    email: str = column(TEXT, default="", label=N_("email"), aliases=('e-mail', 'mail', '邮箱', '电子邮件', '电子邮箱'))
    wechat: str = column(TEXT, default="", label=N_("WeChat"), aliases=('weixin', '微信', '微信号'))
    city: str = column(TEXT, default="", label=N_("city"), aliases=('城市', '所在城市'))
    address: str = column(TEXT, default="", label=N_("address"), aliases=('地址', '详细地址', '公司地址'))
    referred_by: str | None = column(CODE, default=None, references="customers", label=N_("referred by"), aliases=('referrer', 'referral', 'introduced by', '推荐人', '介绍人', '推荐客户'))
    potential: int | None = column(whole(1, 5), default=None, label=N_("potential"), aliases=('potential value', 'rating', '潜力', '潜在价值', '潜力评分'))
    contact_grade: str | None = column(choice(CONTACT_GRADES, upper=True), default=None, label=N_("contact grade"), aliases=('grade', 'lead grade', '客户等级', '意向等级', '等级'))
    partner: bool = column(FLAG, default=False, label=N_("partner"), aliases=('is partner', '合作伙伴', '伙伴', '渠道'))
    notes: str = column(TEXT, default="", label=N_("notes"), aliases=('note', 'remarks', 'comments', '备注', '说明'))
    created_on: date = column(DATE, factory=date.today, label=N_("created"), aliases=('created', 'created at', 'since', 'date added', '创建日期', '建档日期', '录入日期'))
    archived_on: date | None = column(DATE, default=None, label=N_("archived"), aliases=('archived', 'archived at', '归档日期'))
    #: The owner's groups (the WeChat circles: VIP, installers, potential), several in one cell.
    tags: str = column(TAGS, default="", label=N_("tags"), aliases=('tag', 'labels', 'groups', '标签', '分组', '客户标签'))


def _customer_rules(v: dict[str, Any], given: set[str], updating: bool) -> list[FieldError]:
    errors = []
    if v.get("referred_by") and v["referred_by"] == v.get("code"):
        errors.append(FieldError("referred_by", _("a customer cannot refer itself")))
    if v.get("archived_on") and v.get("created_on") and v["archived_on"] < v["created_on"]:
        errors.append(FieldError("archived_on", _("{day} is before it was created ({created})").format(
            day=v["archived_on"], created=v["created_on"])))
    return errors


CUSTOMERS = describe("customers", Customer, key="code", singular=N_("customer"), plural=N_("customers"), customer="code", rules=_customer_rules)


@dataclass(frozen=True, kw_only=True)
class Equipment:
    """A unit: an aerial lift (scissor, boom, spider, mast) or other machine."""

    code: str = column(CODE, required=True, label=N_("code"), aliases=('equipment', 'equipment code', 'unit', 'unit code', 'id', '设备编号', '设备代码', '编号'))
    name: str = column(TEXT, required=True, label=N_("name"), aliases=('equipment name', 'model', 'description', '设备名称', '名称', '型号'))
    category: str = column(choice(EQUIPMENT_CATEGORIES), default="other", label=N_("category"), aliases=('type', 'kind', '类别', '设备类别', '类型'))
    height_m: float | None = column(number(0), default=None, label=N_("height (m)"), aliases=('height', 'working height', 'height (m)', '高度', '高度m', '作业高度', '工作高度'))
    daily_rate: int = column(MONEY, default=0, label=N_("daily rate"), aliases=('rate', 'day rate', 'price per day', '日租金', '日租', '日租价', '租金单价'))
    status: str = column(choice(EQUIPMENT_STATUSES), default="available", label=N_("status"), aliases=('state', '状态', '设备状态'))
    notes: str = column(TEXT, default="", label=N_("notes"), aliases=('note', 'remarks', 'comments', '备注', '说明'))
    #: What a day of the unit costs the business (wear, servicing, transport, the crew): a rental's blank cost.
    daily_cost: int = column(MONEY, default=0, label=N_("daily cost"), aliases=('cost', 'cost per day', 'day cost', 'unit cost', '成本', '日成本', '每日成本', '成本单价', '日成本价'))


EQUIPMENT = describe("equipment", Equipment, key="code", singular=N_("equipment unit"), plural=N_("equipment units"))


@dataclass(frozen=True, kw_only=True)
class Rental:
    """A rental of one unit (or none) to one customer, from its start to its end date."""

    ref: str = column(CODE, required=True, label=N_("ref"), aliases=('rental', 'rental ref', 'reference', 'rental id', 'order', 'order no', '租赁单号', '单号', '订单号', '合同号', '编号'))
    customer: str = column(CODE, required=True, references="customers", label=N_("customer"), aliases=('customer code', 'client', '客户', '客户编号', '客户代码'))
    equipment: str | None = column(CODE, default=None, references="equipment", label=N_("unit"), aliases=('equipment code', 'unit', 'machine', '设备', '设备编号', '设备代码'))
    start_date: date = column(DATE, required=True, label=N_("start"), aliases=('start', 'from', 'begin', '开始日期', '起租日期', '开始', '起租日'))
    end_date: date = column(DATE, required=True, label=N_("end"), aliases=('end', 'to', 'until', '结束日期', '到期日期', '结束', '退租日期', '止租日期'))
    returned_on: date | None = column(DATE, default=None, label=N_("returned"), aliases=('returned', 'return date', '归还日期', '实际归还日期', '还机日期'))
    daily_rate: int | None = column(MONEY, default=None, label=N_("daily rate"), aliases=('rate', 'day rate', '日租金', '日租', '日租价', '租金单价'))
    amount: int = column(MONEY, label=N_("amount"), aliases=('total', 'price', 'revenue', '金额', '租金', '总金额', '合同金额', '租金总额'))
    #: Blank: its unit's daily cost x its days (filled where the unit is at hand: :mod:`tracker.records.checks`).
    cost: int = column(MONEY, label=N_("cost"), aliases=('costs', 'expense', '成本', '费用'))
    paid: int = column(MONEY, default=0, label=N_("paid"), aliases=('amount paid', 'received', '已付', '已付款', '已收', '已收款', '实收'))
    site: str = column(TEXT, default="", label=N_("site"), aliases=('location', 'job site', 'project', '工地', '项目', '地点', '施工地点'))
    status: str = column(choice(RENTAL_STATUSES), default="booked", label=N_("status"), aliases=('state', '状态', '租赁状态'))
    notes: str = column(TEXT, default="", label=N_("notes"), aliases=('note', 'remarks', 'comments', '备注', '说明'))

    @property
    def days(self) -> int:
        """Rental days, both ends included."""
        return rental_days(self.start_date, self.end_date)


def rental_days(start: date, end: date) -> int:
    """The days a rental from *start* to *end* is charged for: both ends included."""
    return (end - start).days + 1


def _rental_rules(v: dict[str, Any], given: set[str], updating: bool) -> list[FieldError]:
    """Blank amount: daily rate x days. A blank cost (None here) is its unit's daily cost x days,
    which needs the unit: :func:`tracker.records.checks.fill_staged` fills it."""
    errors = []
    if v["end_date"] < v["start_date"]:
        errors.append(FieldError("end_date", _("{day} is before the start ({start})").format(
            day=v["end_date"], start=v["start_date"])))
    elif "amount" not in given or v.get("amount") is None:
        if "daily_rate" in given and v.get("daily_rate") is not None:
            days = rental_days(v["start_date"], v["end_date"])
            amount = v["daily_rate"] * days
            if amount > MAX_CENTS:
                errors.append(FieldError(
                    "daily_rate",
                    ngettext("{rate} x {days} day comes to {amount}, over the most one amount can be ({most})",
                             "{rate} x {days} days comes to {amount}, over the most one amount can be ({most})",
                             days).format(rate=cents_to_text(v["daily_rate"], thousands=True), days=f"{days:,}",
                                          amount=cents_to_text(amount, thousands=True),
                                          most=cents_to_text(MAX_CENTS, thousands=True)),
                ))
            else:
                v["amount"] = amount
        elif not updating or v.get("amount") is None:
            errors.append(FieldError("amount", _("amount or daily_rate is required")))
    if v.get("returned_on") and v["returned_on"] < v["start_date"]:
        errors.append(FieldError("returned_on", _("{day} is before the start ({start})").format(
            day=v["returned_on"], start=v["start_date"])))
    if not errors and v.get("amount") is not None and (v.get("paid") or 0) > v["amount"]:
        errors.append(FieldError(
            "paid" if "paid" in given else "amount",
            _("paid {paid} is more than the amount ({amount})").format(
                paid=cents_to_text(v["paid"], thousands=True), amount=cents_to_text(v["amount"], thousands=True)),
        ))
    return errors


RENTALS = describe(
    "rentals", Rental, key="ref", singular=N_("rental"), plural=N_("rentals"), customer="customer", summed=("amount", "cost", "paid"),
    ref_prefix="R", rules=_rental_rules, not_after_today=("returned_on",),
)


@dataclass(frozen=True, kw_only=True)
class Complaint:
    """A complaint: one of the ten causes, its severity, and how and when it was resolved."""

    ref: str = column(CODE, required=True, label=N_("ref"), aliases=('complaint', 'complaint ref', 'reference', 'complaint id', '投诉编号', '编号', '单号'))
    customer: str = column(CODE, required=True, references="customers", label=N_("customer"), aliases=('customer code', 'client', '客户', '客户编号', '客户代码'))
    rental: str | None = column(CODE, default=None, references="rentals", label=N_("rental"), aliases=('rental ref', 'order', '租赁单号', '订单号', '关联租赁'))
    opened_on: date = column(DATE, required=True, label=N_("opened"), aliases=('opened', 'date', 'complaint date', '投诉日期', '日期'))
    category: str = column(choice(COMPLAINT_CATEGORIES), required=True, label=N_("category"), aliases=('type', 'cause', 'reason', '投诉类别', '类别', '原因', '投诉原因'))
    severity: int = column(whole(1, 5), required=True, label=N_("severity"), aliases=('level', '严重程度', '严重度', '等级'))
    description: str = column(TEXT, default="", label=N_("description"), aliases=('details', '描述', '投诉内容', '内容'))
    status: str = column(choice(COMPLAINT_STATUSES), default="open", label=N_("status"), aliases=('state', '状态', '处理状态'))
    resolved_on: date | None = column(DATE, default=None, label=N_("resolved"), aliases=('resolved', 'closed on', '解决日期', '处理日期', '结案日期'))
    resolution: str = column(TEXT, default="", label=N_("resolution"), aliases=('action', 'how resolved', '处理结果', '处理方式', '解决方案'))
    compensation: int = column(MONEY, default=0, label=N_("compensation"), aliases=('refund', '赔偿', '补偿', '赔偿金额', '补偿金额'))


def _complaint_rules(v: dict[str, Any], given: set[str], updating: bool) -> list[FieldError]:
    errors = []
    if v.get("resolved_on") and "status" not in given and not updating:
        v["status"] = "resolved"
    status = v.get("status", "open")
    if status == "resolved" and not v.get("resolved_on"):
        errors.append(FieldError("resolved_on", _("a resolved complaint needs the day it was resolved")))
    if status == "open" and v.get("resolved_on"):
        errors.append(FieldError("status", _("is open but it has a resolved date")))
    if v.get("resolved_on") and v["resolved_on"] < v["opened_on"]:
        errors.append(FieldError("resolved_on", _("{day} is before it was opened ({opened})").format(
            day=v["resolved_on"], opened=v["opened_on"])))
    return errors


COMPLAINTS = describe(
    "complaints", Complaint, key="ref", singular=N_("complaint"), plural=N_("complaints"), customer="customer", summed=("compensation",),
    ref_prefix="K", rules=_complaint_rules, not_after_today=("opened_on", "resolved_on"),
)


@dataclass(frozen=True, kw_only=True)
class Interaction:
    """A contact with a customer: a call, a visit, an event, a gift, friction..."""

    ref: str = column(CODE, required=True, label=N_("ref"), aliases=('reference', 'id', '编号', '记录编号'))
    customer: str = column(CODE, required=True, references="customers", label=N_("customer"), aliases=('customer code', 'client', '客户', '客户编号', '客户代码'))
    date: date = column(DATE, required=True, label=N_("date"), aliases=('on', 'contact date', '日期', '联系日期', '时间'))
    kind: str = column(choice(INTERACTION_KINDS), required=True, label=N_("kind"), aliases=('type', 'contact type', '类型', '方式', '联系方式'))
    note: str = column(TEXT, default="", label=N_("note"), aliases=('notes', 'remarks', 'details', '备注', '内容', '说明'))


INTERACTIONS = describe(
    "interactions", Interaction, key="ref", singular=N_("interaction"), plural=N_("interactions"), customer="customer", ref_prefix="I",
    derived_key=("customer", "date", "kind", "note"), derived_prefix="I-", not_after_today=("date",),
)



@dataclass(frozen=True, kw_only=True)
class Payment:
    """Money received against a rental: what it owes is its amount less what was paid."""

    ref: str = column(CODE, required=True, label=N_("ref"), aliases=("payment", "reference", "付款编号", "收款编号", "编号"))
    rental: str = column(CODE, required=True, references="rentals", label=N_("rental"), aliases=("rental ref", "order", "租赁单号", "订单号"))
    date: date = column(DATE, required=True, label=N_("paid on"), aliases=("paid on", "on", "付款日期", "收款日期", "日期"))
    amount: int = column(MONEY, required=True, label=N_("amount"), aliases=("paid", "sum", "金额", "付款金额", "收款金额"))
    method: str = column(choice(PAYMENT_METHODS), default="transfer", label=N_("method"),
                         aliases=("how", "payment method", "付款方式", "收款方式", "方式"))
    note: str = column(TEXT, default="", label=N_("note"), aliases=("notes", "remarks", "备注", "说明"))


def _positive_amount(v: dict[str, Any], given: set[str], updating: bool) -> list[FieldError]:
    if v.get("amount") is not None and v["amount"] <= 0:
        return [FieldError("amount", _("must be more than 0"))]
    return []


PAYMENTS = describe(
    "payments", Payment, key="ref", singular=N_("payment"), plural=N_("payments"), customer_of="rental", ref_prefix="P",
    rules=_positive_amount, not_after_today=("date",),
)


@dataclass(frozen=True, kw_only=True)
class Deposit:
    """A deposit taken on a rental, then returned, or kept in part or whole with the reason."""

    ref: str = column(CODE, required=True, label=N_("ref"), aliases=("deposit", "reference", "押金编号", "编号"))
    rental: str = column(CODE, required=True, references="rentals", label=N_("rental"), aliases=("rental ref", "order", "租赁单号", "订单号"))
    taken_on: date = column(DATE, required=True, label=N_("taken"), aliases=("taken", "received", "收取日期", "日期"))
    amount: int = column(MONEY, required=True, label=N_("amount"), aliases=("deposit amount", "金额", "押金", "押金金额"))
    returned_on: date | None = column(DATE, default=None, label=N_("returned"), aliases=("returned", "refunded on", "退还日期"))
    kept: int = column(MONEY, default=0, label=N_("kept"), aliases=("withheld", "deducted", "扣留", "扣除金额"))
    reason: str = column(TEXT, default="", label=N_("reason"), aliases=("why kept", "扣留原因", "原因"))
    note: str = column(TEXT, default="", label=N_("note"), aliases=("notes", "remarks", "备注", "说明"))


def _deposit_rules(v: dict[str, Any], given: set[str], updating: bool) -> list[FieldError]:
    errors = _positive_amount(v, given, updating)
    if v.get("returned_on") and v.get("taken_on") and v["returned_on"] < v["taken_on"]:
        errors.append(FieldError("returned_on", _("{day} is before it was taken ({taken})").format(
            day=v["returned_on"], taken=v["taken_on"])))
    if v.get("kept") and v.get("amount") is not None and v["kept"] > v["amount"]:
        errors.append(FieldError("kept", _("{kept} is more than the deposit ({amount})").format(
            kept=cents_to_text(v["kept"], thousands=True), amount=cents_to_text(v["amount"], thousands=True))))
    if v.get("kept") and not v.get("returned_on"):
        errors.append(FieldError("kept", _("is decided when the deposit is settled: give the day it was returned")))
    if v.get("kept") and not (v.get("reason") or "").strip():
        errors.append(FieldError("reason", _("say why part of the deposit was kept")))
    return errors


DEPOSITS = describe(
    "deposits", Deposit, key="ref", singular=N_("deposit"), plural=N_("deposits"), customer_of="rental", ref_prefix="D", rules=_deposit_rules,
    not_after_today=("taken_on", "returned_on"),
)


@dataclass(frozen=True, kw_only=True)
class Upkeep:
    """Work on a unit: an inspection (aerial lifts need them periodically), a service or a repair."""

    ref: str = column(CODE, required=True, label=N_("ref"), aliases=("reference", "记录编号", "编号"))
    unit: str = column(CODE, required=True, references="equipment", label=N_("unit"), aliases=("equipment", "machine", "设备", "设备编号"))
    date: date = column(DATE, required=True, label=N_("date"), aliases=("on", "done on", "日期", "检验日期", "维修日期"))
    kind: str = column(choice(UPKEEP_KINDS), required=True, label=N_("kind"), aliases=("type", "类型", "类别"))
    note: str = column(TEXT, default="", label=N_("note"), aliases=("notes", "work done", "备注", "说明", "内容"))
    cost: int = column(MONEY, default=0, label=N_("cost"), aliases=("costs", "费用", "成本"))
    next_due: date | None = column(DATE, default=None, label=N_("next due"),
                                   aliases=("due", "next inspection", "下次检验", "下次日期", "到期日期"))


def _upkeep_rules(v: dict[str, Any], given: set[str], updating: bool) -> list[FieldError]:
    if v.get("next_due") and v.get("date") and v["next_due"] <= v["date"]:
        return [FieldError("next_due", _("{day} is not after the work ({done})").format(day=v["next_due"], done=v["date"]))]
    return []


UPKEEP = describe(
    "upkeep", Upkeep, key="ref", singular=N_("upkeep record"), plural=N_("upkeep records"), ref_prefix="M", rules=_upkeep_rules,
    not_after_today=("date",),
)

@dataclass(frozen=True, kw_only=True)
class Task:
    """A next action on a customer, or a promise made to it: due on a day, done, or snoozed until a later one."""

    ref: str = column(CODE, required=True, label=N_("ref"), aliases=("task", "reference", "id", "任务编号", "编号"))
    customer: str = column(CODE, required=True, references="customers", label=N_("customer"), aliases=('customer code', 'client', '客户', '客户编号', '客户代码'))
    kind: str = column(choice(TASK_KINDS), default="task", label=N_("kind"), aliases=("type", "类型", "类别"))
    what: str = column(TEXT, required=True, label=N_("what"), aliases=("action", "promise", "description", "事项", "内容", "任务", "承诺"))
    due: date = column(DATE, required=True, label=N_("due"), aliases=("due on", "due date", "by", "到期日期", "截止日期", "日期"))
    done_on: date | None = column(DATE, default=None, label=N_("done"), aliases=("done", "completed", "completed on", "完成日期"))
    snoozed_until: date | None = column(DATE, default=None, label=N_("snoozed until"), aliases=("snoozed", "wait", "wait until", "推迟到", "延后至"))
    note: str = column(TEXT, default="", label=N_("note"), aliases=("notes", "remarks", "备注", "说明"))


def _task_rules(v: dict[str, Any], given: set[str], updating: bool) -> list[FieldError]:
    errors = []
    if v.get("snoozed_until") and v.get("due") and v["snoozed_until"] <= v["due"]:
        errors.append(FieldError("snoozed_until", _("{day} is not after it is due ({due})").format(
            day=v["snoozed_until"], due=v["due"])))
    return errors


TASKS = describe(
    "tasks", Task, key="ref", singular=N_("task"), plural=N_("tasks"), customer="customer", ref_prefix="T", rules=_task_rules,
    derived_key=("customer", "kind", "what", "due"), derived_prefix="T-",
)

@dataclass(frozen=True, kw_only=True)
class Contact:
    """A person at a customer: the purchasing officer, the site manager, the boss."""

    ref: str = column(CODE, required=True, label=N_("ref"), aliases=("contact", "reference", "id", "联系人编号", "编号"))
    customer: str = column(CODE, required=True, references="customers", label=N_("customer"), aliases=('customer code', 'client', 'company', '客户', '客户编号', '客户代码'))
    name: str = column(TEXT, required=True, label=N_("name"), aliases=("contact name", "person", "联系人", "姓名", "名字"))
    role: str = column(TEXT, default="", label=N_("role"), aliases=("title", "position", "job", "职务", "职位", "角色"))
    phone: str = column(TEXT, default="", label=N_("phone"), aliases=('telephone', 'tel', 'mobile', 'phone number', '电话', '手机', '手机号', '联系电话'))
    wechat: str = column(TEXT, default="", label=N_("WeChat"), aliases=('weixin', '微信', '微信号'))
    birthday: date | None = column(DATE, default=None, label=N_("birthday"), aliases=("born", "date of birth", "birth date", "生日", "出生日期"))
    notes: str = column(TEXT, default="", label=N_("notes"), aliases=('note', 'remarks', 'comments', '备注', '说明'))


CONTACTS = describe(
    "contacts", Contact, key="ref", singular=N_("contact"), plural=N_("contacts"), customer="customer", ref_prefix="CT",
    derived_key=("customer", "name"), derived_prefix="CT-", not_after_today=("birthday",),
)

@dataclass(frozen=True, kw_only=True)
class ReturnVisit:
    """A call or visit after a rental came back: how satisfied the customer was, and what it said."""

    ref: str = column(CODE, required=True, label=N_("ref"), aliases=("visit", "reference", "id", "回访编号", "编号"))
    rental: str = column(CODE, required=True, references="rentals", label=N_("rental"), aliases=("rental ref", "order", "租赁单号", "订单号"))
    date: date = column(DATE, required=True, label=N_("date"), aliases=("on", "visited on", "回访日期", "日期"))
    rating: str = column(choice(SATISFACTION_RATINGS), required=True, label=N_("rating"),
                         aliases=("satisfaction", "satisfied", "满意度", "评价", "满意程度"))
    note: str = column(TEXT, default="", label=N_("note"), aliases=("notes", "remarks", "what was said", "备注", "说明", "反馈"))


RETURN_VISITS = describe(
    "return_visits", ReturnVisit, key="ref", singular=N_("return visit"), plural=N_("return visits"), customer_of="rental", ref_prefix="V",
    not_after_today=("date",),
)

#: Every entity, in dependency order: each may refer only to those before it (or itself).
ENTITIES: dict[str, Entity] = {
    e.name: e for e in (
        CUSTOMERS, EQUIPMENT, RENTALS, COMPLAINTS, INTERACTIONS, PAYMENTS, DEPOSITS, UPKEEP, TASKS, CONTACTS,
        RETURN_VISITS,
    )
}

Record = (
    Customer | Equipment | Rental | Complaint | Interaction | Payment | Deposit | Upkeep | Task | Contact
    | ReturnVisit
)
