/**
 * Download buttons for a plan version (GET /api/plans/:id/export): the document (PDF, Word), the
 * tables (Excel) for everyone who may see the version, and the parcels (GeoJSON, shapefile) and
 * the land-market layout for staff. PDF is disabled, with the server's reason, when the converter
 * is not installed there.
 */
import { Button, Space, Tooltip } from 'antd';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import { useApi } from '../usePlan.js';

interface ExportStatus {
  readonly formats: string[];
  readonly publicFormats: string[];
  readonly pdf: { readonly available: boolean; readonly message?: string };
}

const LABELS: Record<string, { zh: string; en: string }> = {
  pdf: { zh: '下载 PDF', en: 'PDF' },
  docx: { zh: '下载 Word 正文', en: 'Word document' },
  xlsx: { zh: '下载 Excel 附表', en: 'Excel tables' },
  geojson: { zh: '宗地 GeoJSON', en: 'Parcels GeoJSON' },
  shp: { zh: '宗地 Shapefile', en: 'Parcels shapefile' },
  'land-market': { zh: '监管系统格式', en: 'Land-market layout' },
};

export function ExportButtons({ planId, versionId }: { planId: number; versionId: number }) {
  const { pick } = useI18n();
  const { user } = useSession();
  const { data: status } = useApi<ExportStatus>('/api/exports/status');
  if (!status) return null;
  const formats = user ? status.formats : status.publicFormats;
  return (
    <Space wrap data-testid="plan-exports">
      {formats.map((f) => {
        const disabled = f === 'pdf' && !status.pdf.available;
        const button = (
          <Button key={f} size="small" type={f === 'pdf' ? 'primary' : 'default'} disabled={disabled} href={disabled ? undefined : `/api/plans/${planId}/export?format=${f}&version=${versionId}`} data-testid={`export-${f}`}>
            {pick(LABELS[f] ?? { zh: f, en: f })}
          </Button>
        );
        return disabled ? (
          <Tooltip key={f} title={status.pdf.message}>
            <span>{button}</span>
          </Tooltip>
        ) : (
          button
        );
      })}
    </Space>
  );
}
