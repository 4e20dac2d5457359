// The five provincial documents the engine implements (../shared/seeds/INDEX.md), so that a cite such as
// `000 (三)` renders as `川办发〔2025〕32号 (三)`.

import type { ProvinceCode } from './types'

export interface PolicyDocument {
  readonly province: ProvinceCode
  /** how a resident would name it: the document number where it has one */
  readonly shortTitle: string
  /** YYYY-MM-DD, or YYYY where the document shows no day */
  readonly date: string
}

export type DocumentId = '000' | '001' | '002' | '003' | '004'

export const DOCUMENTS: Readonly<Record<DocumentId, PolicyDocument>> = {
  '000': {
    province: '51',
    shortTitle: '川办发〔2025〕32号',
    date: '2025-09-15',
  },
  '001': {
    province: '14',
    shortTitle: '晋医保发〔2025〕3号',
    date: '2025',
  },
  '002': {
    // The text as published carries no document number: named by its issuer.
    province: '23',
    shortTitle: '黑龙江省政府办公厅实施意见',
    date: '2025',
  },
  '003': {
    province: '52',
    shortTitle: '黔医保发〔2024〕18号',
    date: '2024-12-14',
  },
  '004': {
    province: '36',
    shortTitle: '赣府厅发〔2024〕34号',
    date: '2024-12-16',
  },
}
