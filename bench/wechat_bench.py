#!/usr/bin/python3
"""Writes the wrk scripts of bench/wechat_bench.sh and checks the server's answers.

    wechat_bench.py scripts QUERIES_TSV OUT_DIR [--messages N]
        OUT_DIR/wechat.lua: N distinct safe-mode text messages (one MsgId each, 1,000
        simulated users), POSTed to /wechat in turn, each signed with the current time;
        OUT_DIR/search.lua: the same queries as GET /api/search?k=5 (the reply's 5 results).
        Both count answers that are not what they should be (wechat: an encrypted reply,
        search: status 200) and print the count when wrk finishes.
    wechat_bench.py check BASE_URL QUERIES_TSV
        sends the first 100 queries as safe-mode messages, decrypts each reply with
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


def signed_post(query, msg_id, user, now):
    xml = wp.text_message("gh_bench", user, now, query, msg_id)
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
end
"""


def write_scripts(queries_path, out_dir, messages):
    queries = [line.rstrip("\n").split("\t", 1)[-1] for line in open(queries_path, encoding="utf-8") if line.strip()]
    now = int(time.time())
    with open(os.path.join(out_dir, "wechat.lua"), "w") as out:
        out.write("reqs = {\n")
        for i in range(messages):
            path, body = signed_post(queries[i % len(queries)], 7000000000000000000 + i, "oBenchUser%04d" % (i % 1000), now)
            out.write("  {%s, %s},\n" % (lua_string(path), lua_string(body)))
        out.write("}\ncounter = 0\n")
        out.write("request = function()\n  counter = counter + 1\n  local r = reqs[(counter % #reqs) + 1]\n"
                  "  return wrk.format('POST', r[1], {['Content-Type'] = 'text/xml'}, r[2])\nend\n")
        out.write("response = function(status, headers, body)\n"
                  "  if status ~= 200 or not string.find(body, '<Encrypt>', 1, true) then bad = bad + 1 end\nend\n")
        out.write(COUNTING)
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
    queries = [line.rstrip("\n").split("\t", 1)[-1] for line in open(queries_path, encoding="utf-8") if line.strip()][:100]
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
        n = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--messages" else 30000
        write_scripts(sys.argv[2], sys.argv[3], n)
    else:
        check(sys.argv[2], sys.argv[3])
