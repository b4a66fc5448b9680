// portfolio.html: the panel that opens a firm clicked in the heat map, from the JSON block
// #firm-data; every text is set with textContent.
const FIRMS=JSON.parse(document.getElementById('firm-data').textContent);
function el(tag,text,attrs){const e=document.createElement(tag);if(text!==undefined)e.textContent=text;
  Object.entries(attrs||{}).forEach(([k,v])=>e.setAttribute(k,v));return e;}
function table(head,rows){const t=el('table'),h=el('tr');head.forEach(x=>h.append(el('th',x)));t.append(h);
  rows.forEach(r=>{const tr=el('tr');r.forEach(x=>tr.append(el('td',x)));t.append(tr);});return t;}
function showFirm(key){
  const f=FIRMS[key], p=document.getElementById('firm'); if(!f) return;
  p.replaceChildren(el('h2',f.name));
  p.append(el('p',f.line,{class:'note'}));
  if(f.links.length){const l=el('p');f.links.forEach(([t,h])=>{l.append(el('a',t,{href:h}),' ');});p.append(l);}
  if(f.change) p.append(el('p','Since the last round: '+f.change));
  p.append(el('h3','Findings, and how common each is among comparable firms'));
  p.append(el('p',f.compared,{class:'note'}));
  p.append(table(['Finding','Framework','Severity','Comparable firms with it'],f.findings));
  if(f.actions.length){p.append(el('h3','Agreed actions'));
    p.append(table(['Finding','Move','Owner','Due','Status','What happened'],f.actions));}
  p.hidden=false; p.scrollIntoView();
}
heatmap(document.getElementById('heatmap'),showFirm);
