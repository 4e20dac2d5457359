import { ERROR_MESSAGES_ZH } from '@canbao/shared'
import { ApiError } from '../lib/errors'

/** UTF-8 with or without BOM. GBK (Excel's plain "CSV" on Chinese Windows) and UTF-16 are refused by name. */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new ApiError(
      'IMPORT_ENCODING',
      '文件是 UTF-16（“Unicode 文本”）编码。请在 Excel 中选择“另存为 → CSV UTF-8（逗号分隔）”后重新上传。',
    )
  }
  const body =
    bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body)
  } catch {
    throw new ApiError('IMPORT_ENCODING', ERROR_MESSAGES_ZH.IMPORT_ENCODING)
  }
}
