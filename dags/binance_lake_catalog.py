"""binance_lake_catalog: register the table in the Glue catalog for Athena, on demand (Trigger DAG w/ config).

catalog_ddl has the CLI print the CREATE EXTERNAL TABLE statement (location <lake>/curated/trades, so the lake
Variable must be an s3:// URI); register runs it in Athena. Once is enough: Athena reads columns, partitions and
files from the Delta log at every query. A second run fails in Athena ("already exists"), which is harmless.
Needs apache-airflow-providers-amazon and an AWS connection (aws_default) allowed to run Athena DDL.
"""

from airflow.providers.amazon.aws.operators.athena import AthenaOperator
from binance_lake_common import DAG, DAG_SETTINGS, Param, cli_task

NAME = r"^[A-Za-z0-9_]{1,255}$"

with DAG(
    dag_id="binance_lake_catalog",
    schedule=None,
    doc_md=__doc__,
    **DAG_SETTINGS,
    params={
        "database": Param("market", type="string", pattern=NAME, description="Glue database (must exist)"),
        "table": Param("trades", type="string", pattern=NAME),
    },
):
    ddl = cli_task(
        "catalog_ddl", "catalog", "--database", "{{ params.database }}", "--table", "{{ params.table }}", single_line=True
    )
    register = AthenaOperator(
        task_id="register",
        query="{{ ti.xcom_pull(task_ids='catalog_ddl') }}",
        database="{{ params.database }}",
        output_location="{{ var.value.binance_lake_athena_output }}",
        workgroup="{{ var.value.get('binance_lake_athena_workgroup', 'primary') }}",
    )

    ddl >> register
