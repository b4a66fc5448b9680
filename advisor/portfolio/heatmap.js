// heatmap(root, open) wires one heat map inside root; open(key) is called with the firm's key
// (its report stem) when a firm is clicked. Filters and sorting only read data attributes and
// set classes, `hidden` or textContent.
function heatmap(root, open){
  const PAGE=+root.querySelector('.hm-count').dataset.page;
  const table=root.querySelector('table.hm'), body=table.tBodies[0];
  const cols=[...table.querySelectorAll('thead tr.cols th.c')];
  const lead=table.querySelector('thead tr.cols').children.length-cols.length;
  const rows=[...body.rows].map((tr,i)=>({tr,i,hits:[...tr.querySelectorAll('td[data-s]')]
    .map(td=>[cols[td.cellIndex-lead].dataset.fw,td.dataset.s])}));
  const dyn=root.querySelector('style.hm-dyn'), q=s=>root.querySelector(s);
  function apply(){
    const fw=q('[data-f=fw]').value;
    const sev=new Set([...root.querySelectorAll('[data-f=sev]:checked')].map(e=>e.value));
    const dims=[...root.querySelectorAll('select[data-dim]')].map(s=>[s.dataset.dim,s.value]).filter(d=>d[1]);
    const ch=q('[data-f=ch]')?q('[data-f=ch]').value:'';
    const text=q('[data-f=text]').value.trim().toLowerCase();
    for(const s of ['0','1','2','3']) table.classList.toggle('hide-s'+s,!sev.has(s));
    let css='';
    if(fw){
      const off=cols.map((c,i)=>c.dataset.fw===fw?0:lead+i+1).filter(Boolean);
      css=off.map(k=>`tbody tr>:nth-child(${k}),thead tr.cols>:nth-child(${k})`).join(',');
      css+=(css?',':'')+`thead tr.groups th[data-fw]:not([data-fw="${CSS.escape(fw)}"])`;
      css+='{display:none}';
    }
    dyn.textContent=css;
    const narrowed=fw||sev.size<4;
    for(const r of rows){
      const d=r.tr.dataset;
      r.ok=(!text||d.name.includes(text))&&dims.every(([k,v])=>d[k]===v)
        &&(!ch||(d.ch||'').split(' ').includes(ch));
      if(r.ok&&narrowed) r.ok=r.hits.some(([f,s])=>(!fw||f===fw)&&sev.has(s));
    }
    page=0; paginate();
  }
  let page=0;
  function paginate(){
    // Only one page of rows is laid out: a browser lays out a table of thousands of rows in seconds.
    let n=0;
    for(const r of rows){ const on=r.ok&&n>=page*PAGE&&n<(page+1)*PAGE; if(r.ok) n++; if(r.tr.hidden===on) r.tr.hidden=!on; }
    const last=Math.max(Math.ceil(n/PAGE)-1,0);
    q('.hm-shown').textContent=n;
    q('.hm-page').textContent=n?`rows ${page*PAGE+1}–${Math.min((page+1)*PAGE,n)}`:'no rows';
    q('[data-f=prev]').disabled=page===0; q('[data-f=next]').disabled=page>=last;
    const count=q('.hm-count'); count.dataset.applied=(+count.dataset.applied||0)+1;  // for tests and benchmarks
  }
  function sortBy(key, byCol){
    cols.forEach((c,i)=>c.classList.toggle('sorted',byCol===i));
    const cell=(r,i)=>{const td=r.tr.children[lead+i];return td.dataset.s?+td.dataset.s+(td.classList.contains('t')?0:.5):-1;};
    const keys={order:r=>[r.i],name:r=>[r.tr.dataset.name],serious:r=>[-r.tr.dataset.w,r.i],
      change:r=>[-(r.tr.dataset.nch||0),r.i],col:r=>[-cell(r,byCol),r.i]};
    const k=keys[key];
    rows.sort((a,b)=>{const x=k(a),y=k(b);for(let j=0;j<x.length;j++){if(x[j]<y[j])return -1;if(x[j]>y[j])return 1;}return 0;});
    body.append(...rows.map(r=>r.tr));
    page=0; paginate();
  }
  q('[data-f=prev]').addEventListener('click',()=>{page--;paginate();});
  q('[data-f=next]').addEventListener('click',()=>{page++;paginate();});
  q('.hm-filters').addEventListener('input',e=>{ if(e.target.dataset.f==='sort') sortBy(e.target.value); else apply(); });
  table.addEventListener('click',e=>{
    const b=e.target.closest('[data-open]'); if(b){ open(b.dataset.open); return; }
    const th=e.target.closest('th.c'); if(th){ q('[data-f=sort]').value='col'; sortBy('col',cols.indexOf(th)); }
  });
  apply();
}
