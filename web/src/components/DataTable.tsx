import { Table, Typography } from 'antd';
import type { TableDto } from '../../../src/server/schemas.js';
import { useI18n } from '../i18n.js';

/** A server-built table (attachment tables): shown as computed, cell for cell. */
export function DataTable({ table, testId }: { table: TableDto; testId?: string }) {
  const { pick } = useI18n();
  return (
    <div data-testid={testId}>
      <Typography.Title level={5}>{pick(table.title)}</Typography.Title>
      <Table
        size="small"
        bordered
        pagination={false}
        scroll={{ x: true }}
        rowKey={(_r, i) => String(i)}
        dataSource={table.rows.map((cells, i) => ({ i, cells }))}
        columns={table.columns.map((c, ci) => ({ title: pick(c), key: String(ci), className: 'lp-num', render: (_v: unknown, r: { cells: string[] }) => r.cells[ci] ?? '' }))}
      />
      {table.notes?.map((n, i) => (
        <Typography.Paragraph key={i} type="secondary" style={{ marginTop: 8 }}>
          {n}
        </Typography.Paragraph>
      ))}
    </div>
  );
}
