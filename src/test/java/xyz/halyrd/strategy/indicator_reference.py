# Independent reference values for the indicator tests in this folder: exact rational arithmetic (fractions),
# printed to 12 decimals. Run: python3 indicator_reference.py
from fractions import Fraction as F
closes = "44.34 44.09 44.15 43.61 44.33 44.83 45.10 45.42 45.84 46.08 45.89 46.03 45.61 46.28 46.28 46.00 46.03 46.41 46.22 45.64 46.21 46.25 45.71 46.45 45.78 45.35 44.03 44.18 44.22 44.57 43.42 42.66 43.13".split()
c = [F(x) for x in closes]
def rsi(c, n):
    out = [None]*len(c)
    ch = [c[i]-c[i-1] for i in range(1,len(c))]
    g = [max(x,0) for x in ch]; l = [max(-x,0) for x in ch]
    ag = sum(g[:n])/n; al = sum(l[:n])/n
    def r(ag,al):
        if al == 0: return F(100) if ag > 0 else F(50)
        return 100 - 100/(1+ag/al)
    out[n] = r(ag,al)
    for i in range(n, len(ch)):
        ag = (ag*(n-1)+g[i])/n; al = (al*(n-1)+l[i])/n
        out[i+1] = r(ag,al)
    return out
print("RSI14:", ", ".join("%.12f" % float(v) for v in rsi(c,14)[14:]))
def sma(c,n): return [None if i < n-1 else sum(c[i-n+1:i+1])/n for i in range(len(c))]
def ema(c,n):
    out=[None]*len(c); a=F(2,n+1); e=sum(c[:n])/n; out[n-1]=e
    for i in range(n,len(c)): e = e + a*(c[i]-e); out[i]=e
    return out
s = [F(x) for x in [1,2,3,4,5,6,7,8,9,10]]
print("SMA3 1..10:", [str(v) for v in sma(s,3)])
print("EMA3 1..10:", [str(v) for v in ema(s,3)])
e = [F(x) for x in "22.27 22.19 22.08 22.17 22.18 22.13 22.23 22.43 22.24 22.29 22.15 22.39 22.38 22.61 23.36".split()]
print("EMA10 cs:", ", ".join("%.12f" % float(v) for v in ema(e,10)[9:]))
print("SMA10 cs:", ", ".join("%.12f" % float(v) for v in sma(e,10)[9:]))
print("pvs sma10 last:", "%.15f" % float(e[-1]/sma(e,10)[-1]-1))
print("pvs rsi14 wilder series price_vs_sma(14) at 15th:", "%.15f" % float(c[14]/sma(c,14)[14]-1), "at 20th", "%.15f" % float(c[19]/sma(c,14)[19]-1))
