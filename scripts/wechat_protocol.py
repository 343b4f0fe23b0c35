#!/usr/bin/env python3
"""WeChat message-push crypto written independently of the C++ (python3-cryptography).

An independent implementation of the Official Account message encryption
(developers.weixin.qq.com, "消息加解密说明"), used to produce the test vectors the C++
(apps/server/wechat_crypto.cpp) is checked against, and by bench/wechat_bench.py to play
WeChat's server. Run as a script, it writes tests/data/wechat/vectors.json:

    python3 scripts/wechat_protocol.py tests/data/wechat/vectors.json

and `python3 scripts/wechat_protocol.py decrypt KEY APPID ENCRYPT` prints the message an
Encrypt field holds (the C++ tests use it to check their replies independently).
"""
import base64
import hashlib
import json
import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAD_BLOCK = 32  # the protocol pads to 32 bytes, not AES's 16


def signature(*parts):
    """Hex SHA-1 of the sorted concatenation (token, timestamp, nonce[, Encrypt])."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def aes_key(encoding_aes_key):
    return base64.b64decode(encoding_aes_key + "=")


def encrypt(encoding_aes_key, app_id, message, random16):
    key = aes_key(encoding_aes_key)
    plain = random16 + struct.pack(">I", len(message)) + message + app_id.encode()
    pad = PAD_BLOCK - len(plain) % PAD_BLOCK
    plain += bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def decrypt(encoding_aes_key, app_id, encrypted):
    key = aes_key(encoding_aes_key)
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
    plain = plain[: -plain[-1]]
    (length,) = struct.unpack(">I", plain[16:20])
    if plain[20 + length:].decode() != app_id:
        raise ValueError("AppID mismatch")
    return plain[20 : 20 + length]


def text_message(to_user, from_user, create_time, content, msg_id):
    return (f"<xml><ToUserName><![CDATA[{to_user}]]></ToUserName><FromUserName><![CDATA[{from_user}]]></FromUserName>"
            f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>")


def envelope(to_user, encrypted):
    return f"<xml><ToUserName><![CDATA[{to_user}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"


def main(out_path):
    # A made-up account: 43 base64 characters that decode (with "=") to 32 bytes.
    encoding_aes_key = base64.b64encode(bytes(range(1, 33))).decode()[:43]
    assert len(aes_key(encoding_aes_key)) == 32
    app_id = "wx1234567890abcdef"
    token = "medsearchToken"
    messages = [
        b"",
        b"hello",
        "帕金森病 脑深部电刺激".encode(),
        b"x" * (32 - 20 - len(app_id) % 32 + 32),  # plaintext a multiple of 32: a whole block of padding
        text_message("gh_account", "oUser123", 1700000000, "哮喘 儿童", 6200000000000000001).encode(),
        ("长" * 700).encode(),
    ]
    cases = []
    for i, message in enumerate(messages):
        random16 = hashlib.sha256(b"random%d" % i).digest()[:16]
        encrypted = encrypt(encoding_aes_key, app_id, message, random16)
        assert decrypt(encoding_aes_key, app_id, encrypted) == message
        cases.append({"message_hex": message.hex(), "random16_hex": random16.hex(), "encrypt": encrypted,
                      "msg_signature": signature(token, "1700000000", "nonce%d" % i, encrypted),
                      "timestamp": "1700000000", "nonce": "nonce%d" % i})
    signatures = [{"parts": p, "signature": signature(*p)}
                  for p in (["medsearchToken", "1700000000", "abc123"], ["b", "a", "c"], ["Token", "1", "Nonce", "ZZZ"])]
    json.dump({"generator": "scripts/wechat_protocol.py (python3-cryptography)", "encoding_aes_key": encoding_aes_key,
               "app_id": app_id, "token": token, "signatures": signatures, "cases": cases},
              open(out_path, "w"), indent=1, ensure_ascii=False)
    print(f"wrote {len(cases)} encryption cases and {len(signatures)} signatures to {out_path}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "decrypt":
        sys.stdout.buffer.write(decrypt(sys.argv[2], sys.argv[3], sys.argv[4]))
    else:
        main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/wechat/vectors.json")
