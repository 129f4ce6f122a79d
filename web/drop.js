// A drop box: a <label> holding a file input, lit while a file is dragged over it; `onFile` gets the file dropped.
// Used by the picture, morph and video boxes.

/// Makes `box` take dropped files: `onFile(file)` for the first file of a drop (undefined if none).
export function dropZone(box, onFile) {
  for (const type of ['dragenter', 'dragover']) {
    box.addEventListener(type, (event) => { event.preventDefault(); box.classList.add('over'); });
  }
  for (const type of ['dragleave', 'drop']) box.addEventListener(type, () => box.classList.remove('over'));
  box.addEventListener('drop', (event) => {
    event.preventDefault();
    onFile(event.dataTransfer.files[0]);
  });
}
