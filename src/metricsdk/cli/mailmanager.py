"""``metricsdk mailmanager export``: a Mail Manager archive export started and followed to the
end; the destination is printed once the export completed."""

from __future__ import annotations

import argparse
import sys

from metricsdk.cli.usage import (
    Commands,
    add_command,
    add_group,
    add_timeout_option,
    fail,
    instant,
    positive_int,
)

__all__ = ["register"]

_DESCRIPTION = """\
Start exporting the emails of a Mail Manager archive to S3 (StartArchiveExport), wait until
the export completed, and print where it went (its S3 location) on stdout. Credentials, region
and endpoint as the SDK and the AWS CLI resolve them, or --profile, --region, --endpoint-url.

Exit status: 0 when the export completed, 1 when it failed, was cancelled, was not done in
time, or the service or the network failed, 2 for a usage mistake or a missing credential."""

_EPILOG = """\
examples:
  metricsdk mailmanager export --archive-id a-1234567890abcdef --from 2026-01-01 \\
      --to 2026-02-01 --s3-location s3://my-bucket/exports/
  metricsdk mailmanager export --archive-id a-1234567890abcdef --from 2026-01-01 \\
      --to 2026-01-08 --s3-location s3://my-bucket/invoices/ --subject-contains invoice"""


def register(commands: Commands) -> None:
    """Add ``mailmanager`` and its ``export`` to the ``metricsdk`` command."""
    actions = add_group(
        commands,
        "mailmanager",
        help="export a Mail Manager archive to S3",
        description="Amazon SES Mail Manager archive exports.",
    )
    export = add_command(
        actions,
        "export",
        help="start an archive export, wait for it, print its destination",
        description=_DESCRIPTION,
        epilog=_EPILOG,
    )
    what = export.add_argument_group("the export")
    what.add_argument("--archive-id", required=True, metavar="ID", help="the archive")
    what.add_argument(
        "--from", dest="start", required=True, type=instant, help="emails from: 2026-01-01"
    )
    what.add_argument(
        "--to", dest="end", required=True, type=instant, help="emails until: 2026-02-01"
    )
    what.add_argument(
        "--s3-location", required=True, metavar="S3_URL", help="s3://bucket/prefix/ to export to"
    )
    what.add_argument(
        "--subject-contains",
        action="append",
        default=[],
        metavar="TEXT",
        help="only emails whose subject contains TEXT; repeat for any of several",
    )
    what.add_argument("--max-results", type=positive_int, metavar="N", help="at most N emails")
    what.add_argument(
        "--include-metadata", action="store_true", help="export the emails' metadata too"
    )
    add_timeout_option(export, "the export", 3600)
    export.add_argument("--quiet", "-q", action="store_true", help="print only the destination")
    aws = export.add_argument_group("AWS (default: as the SDK and the AWS CLI resolve them)")
    aws.add_argument("--profile", help="the shared-file profile to use")
    aws.add_argument("--region", help="the AWS region")
    aws.add_argument("--endpoint-url", metavar="URL", help="send requests to URL instead")
    export.set_defaults(command=_export)


def _export(arguments: argparse.Namespace) -> int:
    from metricsdk.mailmanager import (  # once the options are known good
        ArchiveExportFailedError,
        ArchiveFilterCondition,
        ArchiveFilters,
        ExportDestinationConfiguration,
        MailManagerClient,
        S3ExportDestinationConfiguration,
    )

    if not arguments.start < arguments.end:
        fail("--from must be before --to")
    filters = None
    if arguments.subject_contains:
        condition = ArchiveFilterCondition.subject_contains(*arguments.subject_contains)
        filters = ArchiveFilters(include=[condition])
    destination = ExportDestinationConfiguration(
        s3=S3ExportDestinationConfiguration(s3_location=arguments.s3_location)
    )
    with MailManagerClient(
        region=arguments.region, profile=arguments.profile, endpoint_url=arguments.endpoint_url
    ) as mail:
        started = mail.start_archive_export(
            archive_id=arguments.archive_id,
            filters=filters,
            from_timestamp=arguments.start,
            to_timestamp=arguments.end,
            max_results=arguments.max_results,
            export_destination_configuration=destination,
            include_metadata=arguments.include_metadata or None,
        )
        if not arguments.quiet:
            print(f"metricsdk: export {started.export_id} started; waiting", file=sys.stderr)
        try:
            final = mail.wait_for_archive_export(
                export_id=started.export_id, timeout=arguments.timeout
            )
        except ArchiveExportFailedError as exc:
            print(f"metricsdk: export {started.export_id}: {exc}", file=sys.stderr)
            return 1
    where = final.export_destination_configuration
    location = where.s3.s3_location if where is not None and where.s3 is not None else None
    print(location or arguments.s3_location)
    if not arguments.quiet:
        print(f"metricsdk: export {started.export_id} {final.status.state}", file=sys.stderr)
    return 0
