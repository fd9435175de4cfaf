"""The AWS CLI (Debian's awscli) against mock-scim with --endpoint-url: sso-admin and
identitystore over users and groups that SCIM provisioned.

usage: aws_cli_test.py MOCK_SCIM_BINARY AWS_CLI
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aws_common import Checks, MockScim  # noqa: E402


def main():
    binary, aws = sys.argv[1], sys.argv[2]
    env = dict(os.environ)
    # Dummy credentials: the CLI signs with them, mock-scim checks only the header's shape.
    env.update({"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "AWS_DEFAULT_REGION": "eu-central-1", "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_PAGER": "", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"})
    c = Checks()
    server = MockScim(binary)
    try:
        def cli(*args, expect_ok=True):
            p = subprocess.run([aws, "--endpoint-url", server.url, "--output", "json"] + list(args),
                               env=env, capture_output=True, text=True, timeout=60)
            if expect_ok and p.returncode != 0:
                raise RuntimeError("aws %s failed: %s" % (" ".join(args), p.stderr))
            return (json.loads(p.stdout) if p.stdout.strip() else {}) if expect_ok else p

        server.harness("PUT", "/_harness/sso-admin", {"asyncDelay": "PT2S"})
        org = server.harness("GET", "/_harness/organization")
        member = org["accounts"][1]["id"]
        alice = server.create_user("alice@example.com", "Alice", "Liddell")
        bob = server.create_user("bob@example.com", "Bob", "Builder")
        group = server.create_group("Developers", [alice["id"], bob["id"]])

        instances = cli("sso-admin", "list-instances")["Instances"]
        c.check(len(instances) == 1, "list-instances shows one instance")
        instance = instances[0]["InstanceArn"]
        store = instances[0]["IdentityStoreId"]
        c.check(instance == org["instanceArn"] and store == org["identityStoreId"],
                "the instance is the organization's")

        ps = cli("sso-admin", "create-permission-set", "--instance-arn", instance,
                 "--name", "DeveloperAccess", "--description", "Developers",
                 "--session-duration", "PT8H",
                 "--tags", "Key=team,Value=platform")["PermissionSet"]
        arn = ps["PermissionSetArn"]
        c.check(arn.startswith("arn:aws:sso:::permissionSet/" + instance.split("/")[-1] + "/ps-"),
                "create-permission-set returns a real ARN: " + arn)
        dup = cli("sso-admin", "create-permission-set", "--instance-arn", instance,
                  "--name", "DeveloperAccess", expect_ok=False)
        c.check(dup.returncode != 0 and "ConflictException" in dup.stderr,
                "a duplicate name is a ConflictException")
        bad = cli("sso-admin", "create-permission-set", "--instance-arn", instance,
                  "--name", "Too Long Name With Spaces", expect_ok=False)
        c.check(bad.returncode != 0 and "ValidationException" in bad.stderr,
                "an invalid name is a ValidationException")

        cli("sso-admin", "attach-managed-policy-to-permission-set", "--instance-arn", instance,
            "--permission-set-arn", arn, "--managed-policy-arn",
            "arn:aws:iam::aws:policy/PowerUserAccess")
        policies = cli("sso-admin", "list-managed-policies-in-permission-set", "--instance-arn",
                       instance, "--permission-set-arn", arn)["AttachedManagedPolicies"]
        c.check(policies == [{"Name": "PowerUserAccess",
                              "Arn": "arn:aws:iam::aws:policy/PowerUserAccess"}],
                "the managed policy is attached")

        status = cli("sso-admin", "create-account-assignment", "--instance-arn", instance,
                     "--target-id", member, "--target-type", "AWS_ACCOUNT",
                     "--permission-set-arn", arn, "--principal-type", "GROUP",
                     "--principal-id", group["id"])["AccountAssignmentCreationStatus"]
        c.check(status["Status"] == "IN_PROGRESS", "the assignment starts IN_PROGRESS")
        final = None
        for _ in range(40):
            final = cli("sso-admin", "describe-account-assignment-creation-status",
                        "--instance-arn", instance, "--account-assignment-creation-request-id",
                        status["RequestId"])["AccountAssignmentCreationStatus"]
            if final["Status"] != "IN_PROGRESS":
                break
            time.sleep(0.25)
        c.check(final["Status"] == "SUCCEEDED", "polling ends in SUCCEEDED")

        assignments = cli("sso-admin", "list-account-assignments", "--instance-arn", instance,
                          "--account-id", member, "--permission-set-arn", arn)["AccountAssignments"]
        c.check(assignments == [{"AccountId": member, "PermissionSetArn": arn,
                                 "PrincipalType": "GROUP", "PrincipalId": group["id"]}],
                "list-account-assignments shows the group")
        accounts = cli("sso-admin", "list-accounts-for-provisioned-permission-set",
                       "--instance-arn", instance, "--permission-set-arn", arn)["AccountIds"]
        c.check(accounts == [member], "the permission set is provisioned to the member account")
        sets = cli("sso-admin", "list-permission-sets", "--instance-arn", instance)
        c.check(sets["PermissionSets"] == [arn], "list-permission-sets")
        tags = cli("sso-admin", "list-tags-for-resource", "--instance-arn", instance,
                   "--resource-arn", arn)["Tags"]
        c.check(tags == [{"Key": "team", "Value": "platform"}], "tags given on create")
        roles = server.harness("GET", "/_harness/roles")["roles"]
        c.check(len(roles) == 1 and roles[0]["roleName"].startswith("AWSReservedSSO_DeveloperAccess_"),
                "the reserved role exists in the member account")

        users = cli("identitystore", "list-users", "--identity-store-id", store)["Users"]
        c.check(sorted(u["UserName"] for u in users) == ["alice@example.com", "bob@example.com"],
                "identitystore list-users shows the SCIM users")
        c.check({u["UserId"] for u in users} == {alice["id"], bob["id"]},
                "with the SCIM ids")
        uid = cli("identitystore", "get-user-id", "--identity-store-id", store,
                  "--alternate-identifier",
                  json.dumps({"UniqueAttribute": {"AttributePath": "UserName",
                                                  "AttributeValue": "bob@example.com"}}))
        c.check(uid.get("UserId") == bob["id"], "get-user-id by UserName")
        members = cli("identitystore", "list-group-memberships", "--identity-store-id", store,
                      "--group-id", group["id"])["GroupMemberships"]
        c.check(sorted(m["MemberId"]["UserId"] for m in members) == sorted([alice["id"], bob["id"]]),
                "list-group-memberships shows both members")
        groups = cli("identitystore", "list-groups", "--identity-store-id", store)["Groups"]
        c.check([g["DisplayName"] for g in groups] == ["Developers"], "list-groups")
        missing = cli("identitystore", "describe-user", "--identity-store-id", store,
                      "--user-id", "9067729b3d-00000000-0000-0000-0000-000000000000",
                      expect_ok=False)
        c.check(missing.returncode != 0 and "ResourceNotFoundException" in missing.stderr,
                "describe-user of an unknown id is ResourceNotFoundException")
    finally:
        server.stop()
    c.exit()


if __name__ == "__main__":
    main()
