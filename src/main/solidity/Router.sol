// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import "./ConstantProductPair.sol";

interface IERC20TransferFrom {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @title A swap router with the PancakeSwap/Uniswap v2 router surface Halyrd calls: `getAmountsOut`,
///        `swapExactTokensForTokens`, `WETH` and `factory`, over pairs it creates itself (it is its own factory, and
///        `factory()` says so).
/// @notice Paths may have any number of hops; each hop needs a pair. The fee is the pair's 0.25 %. `WETH` names the
///         wrapped native coin (WBNB on BSC) as a v2 router does, so its pool against USDT prices the chain's gas.
contract Router {
    address public immutable WETH;
    mapping(address => mapping(address => address)) public getPair;
    address[] public allPairs;

    event PairCreated(address indexed token0, address indexed token1, address pair, uint256 count);

    constructor(address weth) {
        require(weth != address(0), "Router: NO_WETH");
        WETH = weth;
    }

    function createPair(address tokenA, address tokenB) external returns (address pair) {
        require(getPair[tokenA][tokenB] == address(0), "Router: PAIR_EXISTS");
        pair = address(new ConstantProductPair(tokenA, tokenB));
        getPair[tokenA][tokenB] = pair;
        getPair[tokenB][tokenA] = pair;
        allPairs.push(pair);
        ConstantProductPair created = ConstantProductPair(pair);
        emit PairCreated(created.token0(), created.token1(), pair, allPairs.length);
    }

    /// The factory whose `getPair` finds a pair, as a v2 router names it: this router is its own.
    function factory() external view returns (address) {
        return address(this);
    }

    function allPairsLength() external view returns (uint256) {
        return allPairs.length;
    }

    /// What `amountIn` of one token buys of another at the given reserves, after the 0.25 % fee.
    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) public pure returns (uint256) {
        require(amountIn > 0, "Router: INSUFFICIENT_INPUT_AMOUNT");
        require(reserveIn > 0 && reserveOut > 0, "Router: INSUFFICIENT_LIQUIDITY");
        uint256 inWithFee = amountIn * 9975;
        return (inWithFee * reserveOut) / (reserveIn * 10000 + inWithFee);
    }

    /// The executable quote: amounts[0] = amountIn, amounts[i] = what hop i yields at the current reserves.
    function getAmountsOut(uint256 amountIn, address[] calldata path) public view returns (uint256[] memory amounts) {
        require(path.length >= 2, "Router: INVALID_PATH");
        amounts = new uint256[](path.length);
        amounts[0] = amountIn;
        for (uint256 i = 0; i + 1 < path.length; i++) {
            (uint256 reserveIn, uint256 reserveOut) = _reserves(path[i], path[i + 1]);
            amounts[i + 1] = getAmountOut(amounts[i], reserveIn, reserveOut);
        }
    }

    /// Swaps exactly `amountIn` of path[0] for as much of the last token as the pools give, to `to`; reverts
    /// (moving nothing) if that is less than `amountOutMin` or the block is later than `deadline`.
    function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] calldata path, address to,
        uint256 deadline) external returns (uint256[] memory amounts)
    {
        require(deadline >= block.timestamp, "Router: EXPIRED");
        amounts = getAmountsOut(amountIn, path);
        require(amounts[amounts.length - 1] >= amountOutMin, "Router: INSUFFICIENT_OUTPUT_AMOUNT");
        require(IERC20TransferFrom(path[0]).transferFrom(msg.sender, getPair[path[0]][path[1]], amountIn),
            "Router: TRANSFER_FROM_FAILED");
        for (uint256 i = 0; i + 1 < path.length; i++) {
            (address input, address output) = (path[i], path[i + 1]);
            ConstantProductPair pair = ConstantProductPair(getPair[input][output]);
            uint256 amountOut = amounts[i + 1];
            (uint256 amount0Out, uint256 amount1Out) = input == pair.token0() ? (uint256(0), amountOut) : (amountOut, uint256(0));
            // Each hop pays straight into the next pair; the last one pays the recipient.
            address recipient = i + 2 < path.length ? getPair[output][path[i + 2]] : to;
            pair.swap(amount0Out, amount1Out, recipient);
        }
    }

    function _reserves(address tokenIn, address tokenOut) private view returns (uint256 reserveIn, uint256 reserveOut) {
        address pair = getPair[tokenIn][tokenOut];
        require(pair != address(0), "Router: NO_PAIR");
        (uint256 reserve0, uint256 reserve1) = ConstantProductPair(pair).getReserves();
        (reserveIn, reserveOut) = tokenIn == ConstantProductPair(pair).token0() ? (reserve0, reserve1) : (reserve1, reserve0);
    }
}
