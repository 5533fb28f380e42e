"""Write a deterministic corpus of realistic call-center transcripts for the benchmark.

    python bench/make_corpus.py --calls 10000 --out bench/corpus --seed 7

Calls are assembled from phrase banks (openings, requests per hotline, agent explanations,
customer details such as phone numbers, addresses and times, closings, forbidden phrases), so
every call differs. About two calls in three break some norm (no greeting or work id, 喂,
a forbidden phrase, no restatement, a hold without asking, a late answer without apology, the
agent hanging up first, dead air). Formats: plain text with and without timestamps,
Alibaba-style speech-recogniser JSON, Traditional Chinese (OpenCC ``s2t``) and a few GB18030
files. Call ``i`` depends only on ``(seed, i)``: the first 1,000 calls of a 10,000-call corpus
are the 1,000-call corpus. Files go to ``batch_NNN/`` folders of 1,000 calls each; a summary
is written to ``.manifest.json`` (hidden, so ``scriptcheck check`` does not read it).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import opencc

BATCH_SIZE = 1000
DEFAULT_SEED = 7
MANIFEST = ".manifest.json"
MIN_CHARS = 300  # the shortest real calls: a greeting, one question, one answer, goodbye

# ---------------------------------------------------------------- phrase banks

GREETINGS = ["您好", "您好", "您好", "早上好", "下午好", "晚上好"]
ORGS = {
    "power": ["国网XX供电公司95598", "国家电网95598供电服务热线", "南方电网客户服务中心"],
    "telecom": ["中国电信10000号", "中国电信客户服务中心", "电信10000号客服"],
    "courier": ["申通快递客服中心", "顺丰速运客服热线", "中通快递客户服务中心"],
    "generic": ["XX客户服务中心", "XX家电服务热线", "XX燃气公司客服中心"],
}
REQUESTS = {  # (kind, customer's first words)
    "power": [
        ("fault", "你好,我家停电了,从早上到现在一直没电。"),
        ("fault", "我们这边电压不稳,灯一闪一闪的,冰箱都不敢开。"),
        ("fault", "楼下电线杆上的电线在冒火,很危险,你们赶紧派人来看看。"),
        ("inquiry", "我想问一下,这个月的电费怎么比上个月高了这么多?"),
        ("inquiry", "我们小区为什么停电了?什么时候来电?"),
        ("service", "我想给新房子办理新装电表,需要准备什么?"),
        ("complaint", "我要投诉,你们的抄表员态度太差了,说话特别冲。"),
    ],
    "telecom": [
        ("fault", "我家宽带断网了,一直连不上,光猫红灯在闪。"),
        ("fault", "我手机信号特别差,打电话老是断,已经好几天了。"),
        ("inquiry", "我想问一下我这个套餐这个月还剩多少流量。"),
        ("inquiry", "我下个月要出国,想开通国际漫游,怎么收费?"),
        ("service", "我搬家了,想办理宽带移机。"),
        ("complaint", "我要投诉,你们莫名其妙扣了我三十块钱话费,也没人通知我。"),
    ],
    "courier": [
        ("inquiry", "我的快递三天了还没到,物流信息一直不动。"),
        ("service", "我想寄一个快递,麻烦你们安排人上门取件。"),
        ("service", "我想改一下包裹的收件地址,现在还来得及吗?"),
        ("complaint", "快递员把我的包裹放在门口就走了,现在包裹丢了,我要投诉。"),
        ("complaint", "包裹显示已经签收了,可是我根本没有收到。"),
    ],
    "generic": [
        ("fault", "我上个月买的热水器坏了,打不着火,想报修一下。"),
        ("inquiry", "我想咨询一下你们的会员积分怎么兑换。"),
        ("service", "我想改一下我登记的联系电话。"),
        ("complaint", "我要投诉你们的售后服务,上门的师傅一直迟到,态度也不好。"),
    ],
}
EXPLANATIONS = {
    "power": [
        "经查询,您所在片区因线路故障停电,抢修人员已经在现场处理,预计下午三点前恢复供电。",
        "您这个月电费较高,主要是因为抄表周期比上个月多了五天,另外夏季用电量本身也会增加。",
        "新装电表需要您带上身份证原件、房产证明到营业厅办理,也可以在网上国网APP上申请。",
        "您反映的电压不稳问题,可能是台区负荷过重引起的,也就是说附近用电的人太多了。",
        "城区的抢修人员一般在45分钟内到达现场,农村地区90分钟内,特别偏远的地方2小时内。",
        "计划检修停电我们会提前七天通过短信和公告通知,这次是临时故障,给您带来不便非常抱歉。",
    ],
    "telecom": [
        "经查询,您所在区域的光缆线路正在抢修,预计今天晚上八点前恢复,给您带来不便非常抱歉。",
        "您的套餐每月包含三十G国内流量,本月已经使用了十八G,还剩十二G,月底清零。",
        "国际漫游需要提前开通,开通后在当地按天计费,具体资费您可以在营业厅或者APP上查询。",
        "宽带移机需要新地址有我们的网络覆盖,我先帮您查询一下覆盖情况,然后预约装维人员上门。",
        "这笔三十元的扣费是您上个月订购的视频会员包,如果您没有订购过,我们可以帮您核实退费。",
        "信号差可能和附近基站调整有关,我们会安排网络优化人员到现场测试信号强度。",
    ],
    "courier": [
        "经查询,您的包裹目前在分拨中心中转,因为天气原因延误了一天,预计明天可以派送。",
        "上门取件需要您提供寄件地址和联系电话,快递员会在两小时内联系您,您看可以吗?",
        "包裹还没有派送,可以修改收件地址,修改后可能会多用一天时间,请您理解。",
        "您反映的问题我们非常重视,会立即联系网点核实签收情况,如果确实丢失会按规定理赔。",
        "快递员没有按照要求送货上门是我们的问题,我们会对网点进行考核,并尽快给您处理结果。",
    ],
    "generic": [
        "您的热水器还在保修期内,我们会安排维修师傅上门检测,维修费用全免,只收取材料费。",
        "会员积分可以在APP的积分商城兑换礼品,一百积分抵扣一元,积分有效期是两年。",
        "联系电话修改以后,我们的通知短信都会发送到新的号码上,原来的号码就不会再收到了。",
        "您反映的师傅迟到问题我们会如实记录,并反馈给服务站负责人核实处理。",
    ],
}
FOLLOW_UPS = [
    "那大概要多长时间?",
    "这个要收费吗?",
    "我需要准备什么材料?",
    "那我要等到什么时候?",
    "能不能快一点,家里老人小孩都在。",
    "我之前也打过一次电话,一直没人处理。",
    "那你们会通知我吗?",
    "这样啊,那我明白了。",
    "好的,我知道了。",
    "具体是怎么算的?",
]
ANSWERS = [
    "请您放心,我们会尽快为您处理,处理结果会第一时间通知您。",
    "这个是免费的,不会向您收取任何费用。",
    "非常理解您的心情,我已经帮您把这个问题标注为加急了。",
    "一般三个工作日内会有工作人员联系您。",
    "您只需要带上身份证就可以,其他的资料我们工作人员会帮您准备。",
]
BACKCHANNELS = ["嗯。", "好的。", "对。", "嗯嗯。", "是的。", "哦,好。"]
ROADS = ["幸福路", "人民路", "解放路", "建设大道", "中山路", "和平街", "长江路", "文化路"]
ESTATES = ["阳光小区", "和平小区", "翠湖花园", "金色家园", "滨江苑", "锦绣新城", "东方小区"]
TIMES = ["明天上午10点", "周六下午三点", "后天上午九点", "明天下午两点", "周日上午十点半"]
SURNAMES = "王张李刘陈杨赵黄周吴徐孙马朱胡郭"
CN_DIGITS = "零幺二三四五六七八九"
FORBIDDEN = [
    "你说什么?大声点。",
    "我也没办法,刚才线路忙啊。",
    "这不关我的事,你打别的电话吧。",
    "听懂了吧?",
    "我已经说过了,你听不懂吗?",
    "这又不是我的错。",
    "不好意思,我是新手。",
    "急什么,我正在查。",
    "这个不归我们管,你自己去查。",
    "不可能的吧。",
]

# ---------------------------------------------------------------- a call


@dataclass
class Call:
    """One generated call: header fields, turns ``(role, text)`` or events, and its breaches."""

    hotline: str
    headers: dict[str, str]
    lines: list[tuple[str, str]] = field(default_factory=list)  # ("agent"|"customer"|"event", …)
    pauses: dict[int, float] = field(default_factory=dict)  # line index -> seconds before it
    violations: list[str] = field(default_factory=list)

    def agent(self, text: str) -> None:
        self.lines.append(("agent", text))

    def customer(self, text: str) -> None:
        self.lines.append(("customer", text))

    def event(self, text: str, pause: float = 0.0) -> None:
        self.pauses[len(self.lines)] = pause
        self.lines.append(("event", text))

    def chars(self) -> int:
        return sum(len(text) for role, text in self.lines if role != "event")

    def turns(self) -> int:
        return sum(1 for role, _ in self.lines if role != "event")


def _phone(rng: random.Random) -> tuple[str, str]:
    """A mobile number as the customer says it and as the agent restates it (138 1234 5678)."""
    digits = rng.choice(["138", "139", "158", "186", "135", "177"]) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )
    grouped = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    spoken = rng.choice([digits, grouped, "".join(CN_DIGITS[int(d)] for d in digits)])
    return spoken, grouped


def _address(rng: random.Random) -> str:
    return (
        f"{rng.choice(ROADS)}{rng.randint(1, 300)}号{rng.choice(ESTATES)}"
        f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元"
    )


def _opening(call: Call, rng: random.Random, work_id: str, late: bool) -> None:
    greet, org = rng.choice(GREETINGS), rng.choice(ORGS[call.hotline])
    sorry = "对不起,让您久等了," if late and rng.random() < 0.6 else ""
    if late and not sorry:
        call.violations.append("open.answer-time")
    roll = rng.random()
    if roll < 0.05:
        call.violations.append("open.no-wei")
        call.agent(f"喂,{org},请讲。")
    elif roll < 0.10:
        call.violations.append("open.greeting")
        call.agent(f"{sorry}{org},工号{work_id},请问有什么可以帮您?")
    elif roll < 0.16:
        call.violations.append("open.work-id")
        call.agent(f"{greet},{sorry}{org},很高兴为您服务,请问有什么可以帮助您?")
    else:
        call.agent(f"{greet},{sorry}{org},工号{work_id},很高兴为您服务,请问有什么可以帮助您?")


def _restate_block(call: Call, rng: random.Random, ask: str, said: str, repeat: str) -> None:
    call.agent(ask)
    call.customer(said)
    if rng.random() < 0.12:
        call.violations.append("restate")
        call.agent("好的,我记下了。")
        call.customer(rng.choice(BACKCHANNELS))
    else:
        call.agent(f"好的,跟您确认一下,{repeat},对吗?")
        call.customer(rng.choice(["对。", "对的。", "是的,没错。"]))


def _hold_block(call: Call, rng: random.Random) -> None:
    if rng.random() < 0.15:
        call.violations.append("hold.ask-permission")
        call.agent("你等一下,我查一下。")
    else:
        call.agent("请您稍等片刻,我为您查询一下,好吗?")
        call.customer("好的。")
    call.event("保持开始")
    call.event("保持结束", pause=rng.uniform(15, 90))
    thanks = "" if rng.random() < 0.15 else "感谢您的耐心等待,"
    if not thanks:
        call.violations.append("hold.thank-after")
    call.agent(thanks + rng.choice(EXPLANATIONS[call.hotline]))


def _explain_block(call: Call, rng: random.Random) -> None:
    """A customer question, the agent's explanation, now and then a follow-up and its answer."""
    if call.lines[-1][0] == "agent":
        call.customer(rng.choice(FOLLOW_UPS))
    call.agent("".join(rng.sample(EXPLANATIONS[call.hotline], k=rng.choice([1, 2, 3, 3, 4]))))
    if rng.random() < 0.5:
        call.customer(rng.choice(FOLLOW_UPS + BACKCHANNELS))
        call.agent(rng.choice(ANSWERS))


def _middle(call: Call, rng: random.Random, kind: str, target_turns: int) -> None:
    """Details first (the norms ask for them), then explanations until the call is long enough."""
    if kind == "fault":
        call.agent("非常抱歉给您带来不便,请问是什么时候开始的?是只有您一家还是周围邻居也这样?")
        call.customer(
            f"{rng.choice(['早上八点多', '昨天晚上', '中午十二点左右'])}开始的,邻居家好像也是。"
        )
    if kind == "complaint":
        call.agent("非常抱歉,由于我们服务不周给您添麻烦了,请您原谅。您能把详细情况告诉我吗?")
        complaints = [text for kind, text in REQUESTS[call.hotline] if kind == "complaint"]
        call.customer("就是" + rng.choice(complaints))
    if kind in ("fault", "service") or rng.random() < 0.3:
        address = _address(rng)
        _restate_block(call, rng, "请问您的详细地址是?", f"{address}。", f"您的地址是{address}")
    if kind != "inquiry" or rng.random() < 0.3:
        spoken, grouped = _phone(rng)
        _restate_block(call, rng, "请您留一个联系电话,好吗?", f"{spoken}。", f"您的电话是{grouped}")
    if rng.random() < 0.4:
        surname = rng.choice(SURNAMES)
        call.agent("请问您贵姓?")
        call.customer(f"免贵姓{surname}。")
        call.agent(f"{surname}{rng.choice(['先生', '女士'])},{rng.choice(ANSWERS)}")
        call.customer(rng.choice(BACKCHANNELS))
    if rng.random() < 0.35:
        _hold_block(call, rng)
    while call.turns() < target_turns - 3 or call.chars() < MIN_CHARS:
        _explain_block(call, rng)
    if rng.random() < 0.75:
        call.agent("请问我刚才的解释您是否明白?")
        call.customer(rng.choice(["明白了。", "清楚了。", "嗯,明白。"]))
    if kind == "inquiry" and rng.random() < 0.7:
        call.agent("那我帮您把这个情况记录下来,有结果会短信通知您,您看可以吗?")
        call.customer("可以。")
    if kind in ("fault", "service"):
        when = rng.choice(TIMES)
        call.agent(f"我们安排工作人员{when}上门,您看可以吗?")
        call.customer(f"可以,{when}我在家。")
        if rng.random() < 0.85:
            call.agent(f"好的,那就约在{when}上门,对吗?")
            call.customer("对。")
    if kind == "complaint":
        call.agent("我会将您反映的问题如实上报负责人,并在24小时之内给您明确的答复,您看可以吗?")
        call.customer(
            rng.choice(["行吧,那我等你们电话。", "好的,麻烦你们了。", "希望你们尽快处理。"])
        )


def _closing(call: Call, rng: random.Random) -> None:
    if rng.random() < 0.1:
        call.violations.append("close.anything-else")
    else:
        call.agent("请问还有什么可以帮助您?")
    call.customer(rng.choice(["没有了,谢谢。", "没有了,谢谢你啊。", "没有了。"]))
    if call.lines[-1][1].startswith("没有了,谢"):
        call.agent("不客气,感谢您的来电,再见!")
    else:
        call.agent("感谢您的来电,再见!")
    if rng.random() < 0.1:
        call.violations.append("close.customer-hangs-up-first")
        call.event("挂机 客服")
    else:
        call.event("挂机 客户")


def _add_forbidden(call: Call, rng: random.Random) -> None:
    """Put a forbidden phrase in one or two agent turns after the opening."""
    agent_lines = [i for i, (role, _) in enumerate(call.lines) if role == "agent" and i > 1]
    for index in rng.sample(agent_lines, k=min(len(agent_lines), rng.choice([1, 1, 1, 2]))):
        call.lines[index] = ("agent", rng.choice(FORBIDDEN) + call.lines[index][1])
        call.violations.append("courtesy.forbidden-phrase")


def make_call(seed: int, index: int) -> Call:
    """The ``index``-th call of the corpus for ``seed`` (independent of the corpus size)."""
    rng = random.Random(f"scriptcheck-bench-{seed}-{index}")
    hotline = rng.choice(["power", "power", "telecom", "telecom", "courier", "generic"])
    rings = rng.choice([1, 2, 2, 3, 3, 4, 5, 6]) if rng.random() < 0.9 else rng.randint(6, 9)
    work_id = str(rng.randint(1001, 9999))
    headers = {
        "hotline": hotline,
        "call_id": f"{hotline.upper()}-2026{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"-{index:06d}",
        "agent_id": work_id,
        "rings": str(rings),
    }
    call = Call(hotline, headers)
    kind, request = rng.choice(REQUESTS[hotline])
    _opening(call, rng, work_id, late=rings > (4 if hotline == "power" else 3))
    call.customer(request)
    _middle(call, rng, kind, target_turns=int(rng.triangular(10, 52, 22)))
    _closing(call, rng)
    if rng.random() < 0.15:
        _add_forbidden(call, rng)
    return call


# ---------------------------------------------------------------- rendering


def _clock(seconds: float, fraction: bool) -> str:
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    text = (
        f"{hours:02d}:{minutes:02d}:{secs:04.1f}"
        if fraction
        else f"{hours:02d}:{minutes:02d}:{int(secs):02d}"
    )
    return text


def _timeline(call: Call, rng: random.Random) -> list[tuple[float, float]]:
    """Start and end seconds for every line: about 4 characters a second, short gaps, holds,
    now and then a dead-air gap or an agent starting before the customer has finished."""
    clock = float(int(call.headers["rings"]) * 3)
    spans: list[tuple[float, float]] = []
    for i, (role, text) in enumerate(call.lines):
        gap = call.pauses.get(i, rng.uniform(0.3, 1.8))
        roll = rng.random()
        if role == "agent" and roll < 0.003:
            gap = rng.uniform(35, 60)
            call.violations.append("listen.no-dead-air")
        elif role == "agent" and roll < 0.009 and spans:
            gap = -1.5
            call.violations.append("listen.no-interrupt")
        start = max(0.0, clock + gap)
        end = start + (len(text) / rng.uniform(2.6, 4.2) if role != "event" else 0.0)
        spans.append((start, end))
        clock = end
    return spans


def render_text(call: Call, rng: random.Random, timestamps: bool, ranges: bool) -> str:
    """The call as a QA clerk types it, optionally with ``[hh:mm:ss]`` or range timestamps."""
    out = [f"# {key}: {value}" for key, value in call.headers.items()]
    labels = {
        "agent": rng.choice(["客服", "客服", "坐席", "话务员"]),
        "customer": rng.choice(["客户", "客户", "来电人"]),
    }
    spans = _timeline(call, rng) if timestamps else []
    for i, (role, text) in enumerate(call.lines):
        stamp = ""
        if timestamps:
            start, end = spans[i]
            stamp = (
                f"[{_clock(start, ranges)}-{_clock(end, ranges)}] "
                if ranges and role != "event"
                else f"[{_clock(start, False)}] "
            )
        colon = rng.choice([":", ":", "："])
        if role == "event":
            body, _, by = text.partition(" ")
            out.append(f"{stamp}[{body}] {by}".rstrip())
        else:
            out.append(f"{stamp}{labels[role]}{colon}{text}")
    return "\n".join(out) + "\n"


def render_asr(call: Call, rng: random.Random) -> str:
    """The call as Alibaba-style recogniser JSON (no headers, no events: ASR does not see them)."""
    agent_channel = rng.choice([0, 1])
    sentences = []
    for (role, text), (start, end) in zip(call.lines, _timeline(call, rng), strict=False):
        if role == "event":
            continue
        sentences.append(
            {
                "ChannelId": agent_channel if role == "agent" else 1 - agent_channel,
                "BeginTime": int(start * 1000),
                "EndTime": int(end * 1000),
                "Text": text,
                "SpeechRate": rng.randint(180, 300),
            }
        )
    task = f"{rng.getrandbits(128):032x}"
    return json.dumps(
        {"TaskId": task, "StatusText": "SUCCESS", "Result": {"Sentences": sentences}},
        ensure_ascii=False,
    )


def render(call: Call, index: int, seed: int, converter: opencc.OpenCC) -> tuple[str, bytes, str]:
    """``(file name, bytes, format label)`` for one call; the format is drawn per call."""
    rng = random.Random(f"scriptcheck-bench-render-{seed}-{index}")
    roll = rng.random()
    name = f"call_{index:05d}"
    if roll < 0.10:
        return f"{name}.json", render_asr(call, rng).encode(), "asr-json"
    timestamps = rng.random() < 0.55
    text = render_text(call, rng, timestamps, ranges=timestamps and rng.random() < 0.5)
    label = "text-timestamps" if timestamps else "text-plain"
    if roll < 0.18:
        head, body = _split_headers(text)
        return f"{name}.txt", (head + converter.convert(body)).encode(), label + "-traditional"
    if roll < 0.21:
        return f"{name}.txt", text.encode("gb18030"), label + "-gb18030"
    return f"{name}.txt", text.encode(), label


def _split_headers(text: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True)
    count = sum(1 for line in lines if line.startswith("# "))
    return "".join(lines[:count]), "".join(lines[count:])


def write_corpus(out: Path, calls: int, seed: int) -> dict[str, object]:
    """Write ``calls`` calls under ``out`` and return the manifest (also written to disk)."""
    converter = opencc.OpenCC("s2t")
    formats: Counter[str] = Counter()
    hotlines: Counter[str] = Counter()
    violations: Counter[str] = Counter()
    turns = chars = clean = 0
    for index in range(1, calls + 1):
        call = make_call(seed, index)
        name, data, label = render(call, index, seed, converter)
        folder = out / f"batch_{(index - 1) // BATCH_SIZE:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        formats[label] += 1
        hotlines[call.hotline] += 1
        violations.update(set(call.violations))
        clean += not call.violations
        turns += call.turns()
        chars += call.chars()
    manifest = {
        "seed": seed,
        "calls": calls,
        "turns": turns,
        "turn_chars": chars,
        "calls_without_violation": clean,
        "formats": dict(formats),
        "hotlines": dict(hotlines),
        "calls_with_violation": dict(violations),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10000, help="number of calls (default 10000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the calls to")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 7)")
    args = parser.parse_args(argv)
    if args.calls < 1:
        parser.error("--calls must be at least 1")
    manifest = write_corpus(args.out, args.calls, args.seed)
    print(
        f"wrote {manifest['calls']} calls ({manifest['turns']} turns, "
        f"{manifest['turn_chars']} characters) to {args.out}"
    )


if __name__ == "__main__":
    main()
