"""What a workload's own code does with boto3, run with the container's environment: the
default credential chain, then GetCallerIdentity. Prints one JSON line."""
import json
import sys

try:
    import boto3
except ImportError as e:  # the test checks for boto3 first; this is the backstop
    print(json.dumps({"ok": False, "error": f"ImportError: {e}"}))
    sys.exit(1)

try:
    session = boto3.session.Session()
    sts = session.client("sts")
    identity = sts.get_caller_identity()
    credentials = session.get_credentials()
    print(json.dumps({"ok": True, "identity": identity["Arn"], "account": identity["Account"],
                      "method": credentials.method, "endpoint": sts.meta.endpoint_url,
                      "botocore": boto3.__version__}))
except Exception as e:  # report what the SDK raised
    print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}))
    sys.exit(1)
