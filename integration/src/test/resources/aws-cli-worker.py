# Runs the real AWS CLI (its own clidriver: argument parsing, signing, the request, output formatting) for one
# command per input line, in an interpreter that stays up: a fresh `aws` process costs a CPU-second to start Python and
# import botocore, and the integration tests run thousands of commands. Protocol, one JSON object a line each way:
#   in:  {"args": ["--endpoint-url", "...", "ecs", "list-clusters"], "env": {"AWS_ACCESS_KEY_ID": "...", "AWS_SESSION_TOKEN": null}}
#   out: {"exit": 0, "stdout": "...", "stderr": "..."}
# Each command gets a new driver (a new botocore session, reading the environment as a new process would).
import io
import json
import os
import sys
import traceback

if os.environ.get('LC_CTYPE', '') == 'UTF-8':
    os.environ['LC_CTYPE'] = 'en_US.UTF-8'
from awscli.clidriver import create_clidriver

answer = sys.stdout
for line in sys.stdin:
    request = json.loads(line)
    for key, value in request.get('env', {}).items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding='utf-8', write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding='utf-8', write_through=True)
    sys.stdout, sys.stderr = out, err
    try:
        code = create_clidriver().main(request['args'])
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 255)
    except BaseException:
        traceback.print_exc()
        code = 255
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    answer.write(json.dumps({'exit': code if code is not None else 0,
                             'stdout': out_bytes.getvalue().decode('utf-8', 'replace'),
                             'stderr': err_bytes.getvalue().decode('utf-8', 'replace')}) + '\n')
    answer.flush()
