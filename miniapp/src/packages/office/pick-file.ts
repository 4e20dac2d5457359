import Taro from '@tarojs/taro'

export interface PickedFile {
  name: string
  bytes: ArrayBuffer
}

/**
 * Office staff pick a CSV: in a desktop browser through the file dialog, in WeChat from a chat
 * (chooseMessageFile is the only file access WeChat gives). Resolves null when they cancel.
 */
export function pickCsvFile(): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = '.csv,text/csv'
      input.id = 'office-file-input'
      input.style.display = 'none'
      input.onchange = async () => {
        const file = input.files?.[0]
        input.remove()
        resolve(file ? { name: file.name, bytes: await file.arrayBuffer() } : null)
      }
      document.body.appendChild(input)
      input.click()
    })
  }
  return Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv'] })
    .then(
      (res) =>
        new Promise<PickedFile | null>((resolve, reject) => {
          const file = res.tempFiles[0]
          if (!file) return resolve(null)
          Taro.getFileSystemManager().readFile({
            filePath: file.path,
            success: (read) => resolve({ name: file.name, bytes: read.data as ArrayBuffer }),
            fail: reject,
          })
        }),
    )
    .catch(() => null)
}
