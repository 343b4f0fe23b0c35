#!/usr/bin/python3
"""Writes the wrk scripts of bench/wechat_bench.sh and checks the server's answers.

    wechat_bench.py scripts QUERIES_TSV OUT_DIR [--messages N] [--id-base ID]
        OUT_DIR/wechat.lua: N distinct safe-mode text messages (MsgIds ID.. ID+N-1, 1,000
        simulated users; scripts run against one server need distinct ranges), POSTed to /wechat in turn, each signed with the current time;
        OUT_DIR/event.lua: N subscribe events (one deduplication key each), the protocol's
        work without a search (signatures, AES both ways, XML, the welcome text);
        OUT_DIR/search.lua: the same queries as GET /api/search?k=5 (the reply's 5 results).
        Both count answers that are not what they should be (wechat: an encrypted reply,
        search: status 200) and print the count and the p50/p95/p99 latencies (µs) when
        wrk finishes.
    wechat_bench.py check BASE_URL QUERIES_TSV
        sends 100 queries spread over the file as safe-mode messages, decrypts each reply with
        scripts/wechat_protocol.py (python3-cryptography) and compares it with
        /api/search: a reply must list results exactly when the API finds some, so the
        timed runs are known to do the same work.

The account's settings are the fixed test ones below (bench/wechat_bench.sh writes the same
into the server's --wechat-config).
"""
import json
import os
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import wechat_protocol as wp  # noqa: E402

TOKEN = "benchToken"
AES_KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA"
APP_ID = "wxbench0000000001"


def lua_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def subscribe_event(user, create_time):
    return (f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
            f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[subscribe]]></Event></xml>")


def signed_post(query, msg_id, user, now, xml=None):
    xml = xml or wp.text_message("gh_bench", user, now, query, msg_id)
    encrypted = wp.encrypt(AES_KEY, APP_ID, xml.encode(), os.urandom(16))
    nonce = str(msg_id)
    params = {"signature": wp.signature(TOKEN, str(now), nonce), "timestamp": str(now), "nonce": nonce,
              "openid": user, "encrypt_type": "aes", "msg_signature": wp.signature(TOKEN, str(now), nonce, encrypted)}
    return "/wechat?" + urllib.parse.urlencode(params), wp.envelope("gh_bench", encrypted)


COUNTING = """
bad = 0
threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("bad_answers %d\\n", total))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("latency_p%d_us %d\\n", p, latency:percentile(p)))
  end
end
"""


def write_messages(path, posts):
    with open(path, "w") as out:
        out.write("reqs = {\n")
        for post_path, body in posts:
            out.write("  {%s, %s},\n" % (lua_string(post_path), lua_string(body)))
        out.write("}\ncounter = 0\n")
        out.write("request = function()\n  counter = counter + 1\n  local r = reqs[(counter % #reqs) + 1]\n"
                  "  return wrk.format('POST', r[1], {['Content-Type'] = 'text/xml'}, r[2])\nend\n")
        out.write("response = function(status, headers, body)\n"
                  "  if status ~= 200 or not string.find(body, '<Encrypt>', 1, true) then bad = bad + 1 end\nend\n")
        out.write(COUNTING)


def write_scripts(queries_path, out_dir, messages, id_base=7000000000000000000):
    queries = [line.rstrip("\n").split("\t", 1)[-1] for line in open(queries_path, encoding="utf-8") if line.strip()]
    now = int(time.time())
    write_messages(os.path.join(out_dir, "wechat.lua"),
                   (signed_post(queries[i % len(queries)], id_base + i, "oBenchUser%04d" % (i % 1000), now)
                    for i in range(messages)))
    # The protocol alone: subscribe events (one key each: user + CreateTime), answered with
    # the welcome text, encrypted; no search.
    write_messages(os.path.join(out_dir, "event.lua"),
                   (signed_post(None, 8000000000000000000 + i, "oBenchUser%04d" % (i % 1000), now,
                                subscribe_event("oBenchUser%04d" % (i % 1000), 1700000000 + i))
                    for i in range(messages)))
    with open(os.path.join(out_dir, "search.lua"), "w") as out:
        out.write("paths = {\n")
        for q in queries:
            out.write("  %s,\n" % lua_string("/api/search?k=5&q=" + urllib.parse.quote(q)))
        out.write("}\ncounter = 0\n")
        out.write("request = function()\n  counter = counter + 1\n  return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n")
        out.write("response = function(status, headers, body)\n  if status ~= 200 then bad = bad + 1 end\nend\n")
        out.write(COUNTING)
    print(f"{messages} messages over {len(queries)} queries; timestamps {now}")


def wechat_reply(base_url, query, msg_id):
    path, body = signed_post(query, msg_id, "oBenchCheck", int(time.time()))
    request = urllib.request.Request(base_url + path, data=body.encode(), headers={"Content-Type": "text/xml"})
    reply = urllib.request.urlopen(request, timeout=10).read().decode()
    start = reply.index("<Encrypt><![CDATA[") + len("<Encrypt><![CDATA[")
    return wp.decrypt(AES_KEY, APP_ID, reply[start:reply.index("]]>", start)]).decode()


def check(base_url, queries_path):
    queries = [line.rstrip("\n").split("\t", 1)[-1] for line in open(queries_path, encoding="utf-8") if line.strip()]
    queries = [queries[i * len(queries) // 100] for i in range(min(100, len(queries)))]  # every class
    listed = 0
    for i, query in enumerate(queries):
        inner = wechat_reply(base_url, query, 6999999999999000000 + i)
        api = json.load(urllib.request.urlopen(base_url + "/api/search?k=5&q=" + urllib.parse.quote(query), timeout=10))
        has_results = "\n1. " in inner
        if has_results != (len(api["hits"]) > 0):
            sys.exit(f"wechat_bench: reply and /api/search disagree on {query!r}: {inner[:300]}")
        listed += has_results
    print(f"check: {len(queries)} safe-mode replies decrypted by the Python implementation agree with /api/search "
          f"({listed} list results)")


if __name__ == "__main__":
    if sys.argv[1] == "scripts":
        flags = dict(zip(sys.argv[4::2], sys.argv[5::2]))
        write_scripts(sys.argv[2], sys.argv[3], int(flags.get("--messages", 30000)),
                      int(flags.get("--id-base", 7000000000000000000)))
    else:
        check(sys.argv[2], sys.argv[3])
