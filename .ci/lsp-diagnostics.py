#!/usr/bin/env python3
# A real IDE client for the CI: starts csharp-ls (a Roslyn LSP server) on a solution, turns its analyzers on, opens one
# document and pulls its diagnostics until FenceGuard's appear (or a minute passes), then prints them one per line:
# "line,column ID: message". Usage: lsp-diagnostics.py CSHARP_LS SOLUTION DOCUMENT [EXPECTED_COUNT]
import json, subprocess, sys, time, os, threading, queue
server, solution, doc = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
expected = int(sys.argv[4]) if len(sys.argv) > 4 else 1
root = os.path.dirname(solution)
p = subprocess.Popen([server, "--solution", solution], cwd=root,
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
q = queue.Queue()
def reader():
    while True:
        headers = {}
        while True:
            line = p.stdout.readline()
            if not line: return
            line = line.decode().strip()
            if not line: break
            k, v = line.split(":", 1); headers[k.lower()] = v.strip()
        body = p.stdout.read(int(headers["content-length"]))
        q.put(json.loads(body))
threading.Thread(target=reader, daemon=True).start()
nid = [0]
def send(msg):
    data = json.dumps(msg).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data); p.stdin.flush()
def request(method, params):
    nid[0] += 1; send({"jsonrpc": "2.0", "id": nid[0], "method": method, "params": params}); return nid[0]
settings = {"csharp": {"analyzersEnabled": True}}
def pump(until_id=None, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        try: m = q.get(timeout=1)
        except queue.Empty: continue
        if m.get("method") == "workspace/configuration":
            send({"jsonrpc": "2.0", "id": m["id"], "result": [settings["csharp"] for _ in m["params"]["items"]]})
        elif "method" in m and "id" in m:
            send({"jsonrpc": "2.0", "id": m["id"], "result": None})
        elif until_id is not None and m.get("id") == until_id:
            return m
    return None
uri = "file://" + doc
i = request("initialize", {"processId": os.getpid(), "rootUri": "file://" + root, "capabilities": {"workspace": {"configuration": True}, "textDocument": {"diagnostic": {}}}})
pump(i)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "csharp", "version": 1, "text": open(doc).read()}}})
best = []
for attempt in range(12):
    pump(timeout=5)
    r = pump(request("textDocument/diagnostic", {"textDocument": {"uri": uri}}), timeout=60)
    items = (r or {}).get("result", {}).get("items", []) if r else []
    fg = [f"{d['range']['start']['line']+1},{d['range']['start']['character']+1} {d.get('code')}: {d['message']}" for d in items if str(d.get("code","")).startswith(("FG","AD"))]
    if len(fg) > len(best): best = fg
    if len(best) >= expected: break
print("\n".join(best) if best else "no FenceGuard diagnostics")
p.kill()
