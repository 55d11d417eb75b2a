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

const CONFIDENCE_COLOR = { confirmed: 'green', secondary: 'default', unconfirmed: 'orange', heuristic: 'purple' } as const;

/** How sure a finding's basis is, beside the citation: a heuristic (经验阈值) is never mistaken for law. */
export function ConfidenceTag({ confidence }: { confidence: NonNullable<FindingDto['confidence']> }) {
  const { t } = useI18n();
  return (
    <Tag color={CONFIDENCE_COLOR[confidence]} title={t('confidenceHint')} data-testid="finding-confidence">
      {t(`confidence_${confidence}`)}
    </Tag>
  );
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
              <Space size={4} wrap>
                <Typography.Text type="secondary" italic>
                  {t('basis')}
                </Typography.Text>
                {f.confidence && <ConfidenceTag confidence={f.confidence} />}
                <Typography.Text type="secondary" italic>
                  {f.basis}
                </Typography.Text>
              </Space>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}
