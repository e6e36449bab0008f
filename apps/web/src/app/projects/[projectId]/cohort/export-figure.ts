/**
 * Downloads a chart as SVG or PNG. Charts draw with attributes (no CSS
 * classes), so the serialized SVG renders the same in any viewer.
 */

function download(href: string, fileName: string): void {
  const link = document.createElement("a");
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

function serialize(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("font-family", "Helvetica, Arial, sans-serif");
  const box = svg.viewBox.baseVal;
  clone.setAttribute("width", String(box.width));
  clone.setAttribute("height", String(box.height));
  return new XMLSerializer().serializeToString(clone);
}

export function downloadSvg(svg: SVGSVGElement, fileName: string): void {
  const url = URL.createObjectURL(new Blob([serialize(svg)], { type: "image/svg+xml" }));
  download(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Renders at 2× the viewBox size on a white background. */
export function downloadPng(svg: SVGSVGElement, fileName: string): void {
  const box = svg.viewBox.baseVal;
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = box.width * 2;
    canvas.height = box.height * 2;
    const context = canvas.getContext("2d");
    if (!context) return;
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      if (!blob) return;
      const url = URL.createObjectURL(blob);
      download(url, fileName);
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }, "image/png");
  };
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(serialize(svg))}`;
}
