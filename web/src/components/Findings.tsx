import { Empty, List, Space, Tag, Typography } from 'antd';
import type { FindingDto } from '../../../src/server/schemas.js';
import { useI18n } from '../i18n.js';

const COLOR = { error: 'red', warning: 'gold', info: 'blue' } as const;

/** A long computed decimal shown to 6 places (display only; the full value is in the tooltip). */
function short(v: string): string {
  return v.replace(/(\d+\.\d{6})\d{3,}/g, '$1…');
}

export function SeverityTag({ severity }: { severity: FindingDto['severity'] }) {
  const { t } = useI18n();
  return <Tag color={COLOR[severity]}>{t(severity)}</Tag>;
}

export function Findings({ findings, onSelect, testId }: { findings: readonly FindingDto[]; onSelect?: (f: FindingDto) => void; testId?: string }) {
  const { t, pick } = useI18n();
  if (findings.length === 0) return <Empty description={t('noFindings')} data-testid={testId} />;
  return (
    <List
      data-testid={testId}
      size="small"
      dataSource={[...findings]}
      renderItem={(f) => (
        <List.Item onClick={onSelect ? () => onSelect(f) : undefined} style={onSelect ? { cursor: 'pointer' } : undefined} data-testid="finding">
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap>
              <SeverityTag severity={f.severity} />
              <Typography.Text code>{f.rule}</Typography.Text>
              <Typography.Text>{pick(f.message)}</Typography.Text>
            </Space>
            {(f.stated !== undefined || f.expected !== undefined) && (
              <Typography.Text type="secondary" className="lp-num">
                {f.stated !== undefined && `${t('stated')}: ${short(f.stated)}　`}
                {f.expected !== undefined && <span title={f.expected}>{`${t('expected')}: ${short(f.expected)}`}</span>}
              </Typography.Text>
            )}
            {f.suggestion && (
              <Typography.Text type="secondary">
                {t('suggestion')}: {pick(f.suggestion)}
              </Typography.Text>
            )}
            {f.basis && (
              <Typography.Text type="secondary" italic>
                {t('basis')}: {f.basis}
              </Typography.Text>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}
